-- Spillway inference gateway (issue 11). The renderer prepends `local SETTINGS = {...}` (constructs/gateway/haproxy/lua.ts).
-- Runs in HAProxy's shared Lua state (`lua-load`): one reload task, actions and a body filter per stream.
-- Works on Lua 5.3 (Debian's HAProxy 2.6) and 5.4 (HAProxy 3.x images).

local S = SETTINGS
local state = { keys = {}, key_count = 0, keys_text = nil, level = S.default_level, level_text = nil, reloads = 0, errors = 0 }
local counters = {} -- counters["tier\0outcome"] = n, exported by the metrics service

local function count(tier, outcome)
  local k = (tier or "none") .. "\0" .. outcome
  counters[k] = (counters[k] or 0) + 1
end

-- ---- Keys and level files: re-read every reload interval, applied without a reload ----

local function read_file(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local text = f:read("*a")
  f:close()
  return text
end

local function parse_keys(text)
  local keys, n = {}, 0
  local line_no = 0
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    line_no = line_no + 1
    line = line:gsub("\r$", "")
    if not line:match("^%s*$") and not line:match("^%s*#") then
      local hash, id, tier = line:match("^%s*(%x+)%s+(%S+)%s+(%S+)%s*$")
      if not hash or #hash ~= 64 then
        core.Warning("gateway: keys file line " .. line_no .. " ignored: expected '<sha256 hex> <key id> <tier>'")
      elseif not S.tiers[tier] then
        core.Warning("gateway: keys file line " .. line_no .. " ignored: unknown tier '" .. tier .. "'")
      else
        hash = hash:lower()
        if not keys[hash] then n = n + 1 end
        keys[hash] = { id = id, tier = tier }
      end
    end
  end
  return keys, n
end

local function reload()
  local keys_text = read_file(S.keys_file) or ""
  if keys_text ~= state.keys_text then
    state.keys, state.key_count = parse_keys(keys_text)
    state.keys_text = keys_text
    state.reloads = state.reloads + 1
    core.Info("gateway: " .. state.key_count .. " API keys loaded from " .. S.keys_file)
  end
  local level_text = read_file(S.level_file) or ""
  if level_text ~= state.level_text then
    local first = state.level_text == nil
    state.level_text = level_text
    local name = level_text:match("^%s*(%S+)%s*$")
    -- Missing or empty at start: the default level. Later an empty read is a writer mid-write: keep the level.
    if name == nil and level_text:match("^%s*$") then
      if not first then return end
      name = S.default_level
    end
    if name and S.levels[name] then
      if name ~= state.level then core.Info("gateway: degradation level '" .. state.level .. "' -> '" .. name .. "'") end
      state.level = name
    else
      state.errors = state.errors + 1
      core.Warning("gateway: level file names no configured level; keeping '" .. state.level .. "'")
    end
  end
end

core.register_init(reload)
core.register_task(function()
  while true do
    local ok, err = pcall(reload)
    if not ok then
      state.errors = state.errors + 1
      core.Warning("gateway: reload failed: " .. tostring(err))
    end
    core.msleep(S.reload_interval_ms)
  end
end)

-- ---- Request classification: which API, which key and tier, which model, admitted at this level ----

local GRPC_PREFIX = "/inference.GRPCInferenceService/"
local GRPC_ALLOWED = { ServerLive = true, ServerReady = true, ModelReady = true, ServerMetadata = true, ModelMetadata = true }

local function api_key(txn)
  local auth = txn.sf:req_hdr("authorization")
  if auth then
    local token = auth:match("^%s*[Bb][Ee][Aa][Rr][Ee][Rr]%s+(%S+)%s*$")
    if token then return token end
  end
  local key = txn.sf:req_hdr("x-api-key")
  if key and key ~= "" then return key end
  return nil
end

-- Reads a protobuf varint at `pos` (1-based); returns value, next position (nil when truncated).
local function varint(data, pos)
  local value, shift = 0, 0
  while pos <= #data do
    local b = data:byte(pos)
    value = value | ((b & 0x7f) << shift)
    pos = pos + 1
    if b < 0x80 then return value, pos end
    shift = shift + 7
    if shift > 63 then return nil end
  end
  return nil
end

local function encode_varint(n)
  local out = {}
  repeat
    local b = n & 0x7f
    n = n >> 7
    if n ~= 0 then b = b | 0x80 end
    out[#out + 1] = string.char(b)
  until n == 0
  return table.concat(out)
end

local function pb_len_field(field, bytes)
  return encode_varint((field << 3) | 2) .. encode_varint(#bytes) .. bytes
end

-- Walks the fields of a protobuf message in data[first..last]; calls visit(field, wire, value_or_start, stop)
-- for each field wholly inside. Stops quietly at the first field that runs past `last` (a tensor beyond the buffer).
local function pb_fields(data, first, last, visit)
  local pos = first
  while pos <= last do
    local tag, p = varint(data, pos)
    if not tag or p > last + 1 then return end
    local field, wire = tag >> 3, tag & 7
    if wire == 0 then
      local v, q = varint(data, p)
      if not v or q > last + 1 then return end
      visit(field, 0, v)
      pos = q
    elseif wire == 2 then
      local len, q = varint(data, p)
      if not len or q + len - 1 > last then return end
      visit(field, 2, q, q + len - 1)
      pos = q + len
    elseif wire == 1 then pos = p + 8
    elseif wire == 5 then pos = p + 4
    else return end
  end
end

local function grpc_model_name(body)
  if #body < 5 then return nil end
  local name
  pb_fields(body, 6, #body, function(field, wire, a, b)
    if field == 1 and wire == 2 and name == nil then name = body:sub(a, b) end
  end)
  return name
end

core.register_action("gateway_classify", { "http-req" }, function(txn)
  local path = txn.sf:path() or ""
  local method = txn.sf:method()
  local ctype = txn.sf:req_hdr("content-type") or ""
  local grpc = ctype:sub(1, 16) == "application/grpc"
  txn:set_var("txn.grpc", grpc and 1 or 0)
  txn:set_var("txn.level", state.level)

  local kind, model = "forbidden", nil
  if grpc then
    if path:sub(1, #GRPC_PREFIX) == GRPC_PREFIX then
      local rpc = path:sub(#GRPC_PREFIX + 1)
      if rpc == "ModelInfer" then
        kind = "grpc"
        model = grpc_model_name(txn.sf:req_body() or "")
      elseif GRPC_ALLOWED[rpc] then
        kind = "pass"
      end
    end
  else
    local infer_model = path:match("^/v2/models/([^/]+)/infer$") or path:match("^/v2/models/([^/]+)/versions/[^/]+/infer$")
    if infer_model and method == "POST" then
      kind, model = "json", infer_model
    elseif method == "GET" and (path == "/v2" or path == "/v2/health/live" or path == "/v2/health/ready"
        or path:match("^/v2/models/[^/]+$") or path:match("^/v2/models/[^/]+/ready$")
        or path:match("^/v2/models/[^/]+/versions/[^/]+$") or path:match("^/v2/models/[^/]+/versions/[^/]+/ready$")) then
      kind = "pass"
    end
  end
  txn:set_var("txn.kind", kind)
  if model then txn:set_var("txn.model", model) end

  local key = api_key(txn)
  local entry = nil
  if key then entry = state.keys[txn.c:hex(txn.c:sha2(key, 256)):lower()] end
  if not entry then return end
  local tier = S.tiers[entry.tier]
  txn:set_var("txn.key_id", entry.id)
  txn:set_var("txn.tier", entry.tier)
  txn:set_var("txn.retry_after", tier.retry_after)

  local level = S.levels[state.level]
  if not level.admit[entry.tier] then
    txn:set_var("txn.shed", "the gateway is at degradation level " .. state.level .. ", which does not admit tier " .. entry.tier)
  elseif model and level.disabled[model] then
    txn:set_var("txn.shed", "model " .. model .. " is switched off at degradation level " .. state.level)
  end
end)

-- Counts the decision the rules took (`txn.outcome`), per tier, for the metrics service.
core.register_action("gateway_count", { "http-req" }, function(txn)
  count(txn:get_var("txn.tier"), txn:get_var("txn.outcome") or "admitted")
end)

-- ---- KServe v2 JSON: rewrite the top-level `parameters` object, leave every other byte as the client sent it ----

local function skip_ws(s, i)
  return s:find("[^ \t\r\n]", i) or (#s + 1)
end

-- Index just after the JSON string starting at s[i] == '"'; nil if unterminated.
local function string_end(s, i)
  local j = i + 1
  while true do
    local q = s:find('["\\]', j)
    if not q then return nil end
    if s:sub(q, q) == '"' then return q + 1 end
    j = q + 2
  end
end

local function utf8_char(cp)
  if cp < 0x80 then return string.char(cp) end
  if cp < 0x800 then return string.char(0xC0 | (cp >> 6), 0x80 | (cp & 0x3F)) end
  if cp < 0x10000 then return string.char(0xE0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3F), 0x80 | (cp & 0x3F)) end
  return string.char(0xF0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3F), 0x80 | ((cp >> 6) & 0x3F), 0x80 | (cp & 0x3F))
end

local ESCAPES = { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n', r = '\r', t = '\t' }

-- The decoded value of the JSON string s[i..j-1] (quotes included), so "priorit\u0079" is seen as priority.
local function decode_string(s, i, j)
  local raw = s:sub(i + 1, j - 2)
  if not raw:find("\\", 1, true) then return raw end
  local out, k = {}, 1
  while k <= #raw do
    local c = raw:sub(k, k)
    if c ~= "\\" then
      out[#out + 1] = c
      k = k + 1
    else
      local e = raw:sub(k + 1, k + 1)
      if e == "u" then
        local cp = tonumber(raw:sub(k + 2, k + 5), 16)
        if not cp then return nil end
        k = k + 6
        if cp >= 0xD800 and cp < 0xDC00 and raw:sub(k, k + 1) == "\\u" then
          local lo = tonumber(raw:sub(k + 2, k + 5), 16)
          if lo and lo >= 0xDC00 and lo < 0xE000 then
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
            k = k + 6
          end
        end
        out[#out + 1] = utf8_char(cp)
      elseif ESCAPES[e] then
        out[#out + 1] = ESCAPES[e]
        k = k + 2
      else
        return nil
      end
    end
  end
  return table.concat(out)
end

-- Index just after the JSON value starting at s[i]; nil if malformed or truncated.
local function value_end(s, i)
  local c = s:sub(i, i)
  if c == '"' then return string_end(s, i) end
  if c == "{" or c == "[" then
    local depth, j = 0, i
    while true do
      local q = s:find('[%[%]{}"]', j)
      if not q then return nil end
      local d = s:sub(q, q)
      if d == '"' then
        j = string_end(s, q)
        if not j then return nil end
      else
        if d == "{" or d == "[" then depth = depth + 1 else depth = depth - 1 end
        j = q + 1
        if depth == 0 then return j end
      end
    end
  end
  local q = s:find("[,}%] \t\r\n]", i)
  if not q or q == i then return nil end
  return q
end

-- Members of the object starting at s[i] == '{': list of { key, key_from, value_from, value_to }, end index.
local function object_members(s, i)
  if s:sub(i, i) ~= "{" then return nil, "is not a JSON object" end
  local members = {}
  local j = skip_ws(s, i + 1)
  if s:sub(j, j) == "}" then return members, j + 1 end
  while true do
    if s:sub(j, j) ~= '"' then return nil, "has a malformed member name" end
    local ke = string_end(s, j)
    if not ke then return nil, "has an unterminated string" end
    local key = decode_string(s, j, ke)
    if not key then return nil, "has a malformed escape in a member name" end
    local colon = skip_ws(s, ke)
    if s:sub(colon, colon) ~= ":" then return nil, "is missing a ':'" end
    local vs = skip_ws(s, colon + 1)
    local ve = value_end(s, vs)
    if not ve then return nil, "has a malformed or truncated value" end
    members[#members + 1] = { key = key, key_from = j, value_from = vs, value_to = ve - 1 }
    local n = skip_ws(s, ve)
    local c = s:sub(n, n)
    if c == "}" then return members, n + 1 end
    if c ~= "," then return nil, "is missing a ',' or '}'" end
    j = skip_ws(s, n + 1)
  end
end

-- Rewrites the JSON inference header: parameters.priority = the tier's level, parameters.timeout at most max_timeout.
-- Returns the new header, or nil and a message for a 400.
local function rewrite_json(head, priority, max_timeout)
  local start = skip_ws(head, 1)
  local members, err = object_members(head, start)
  if not members then return nil, "the inference request header " .. err end
  local params = nil
  for _, m in ipairs(members) do
    if m.key == "parameters" then
      if params then return nil, "the inference request has more than one 'parameters' member" end
      params = m
    end
  end
  local kept, timeout = {}, nil
  if params then
    local inner, perr = object_members(head, params.value_from)
    if not inner then return nil, "the inference request's 'parameters' " .. perr end
    for _, m in ipairs(inner) do
      if m.key == "timeout" then
        local v = head:sub(m.value_from, m.value_to)
        local n = v:match("^%d+$") and tonumber(v)
        if not n then return nil, "parameters.timeout must be a non-negative integer (microseconds)" end
        timeout = (timeout == nil or n < timeout) and n or timeout
      elseif m.key ~= "priority" then
        kept[#kept + 1] = head:sub(m.key_from, m.value_to)
      end
    end
  end
  if timeout and max_timeout and timeout > max_timeout then timeout = max_timeout end
  kept[#kept + 1] = '"priority":' .. priority
  if timeout then kept[#kept + 1] = '"timeout":' .. timeout end
  local object = "{" .. table.concat(kept, ",") .. "}"
  if params then
    return head:sub(1, params.value_from - 1) .. object .. head:sub(params.value_to + 1)
  end
  local first = skip_ws(head, start + 1)
  local sep = head:sub(first, first) == "}" and "" or ","
  return head:sub(1, start) .. '"parameters":' .. object .. sep .. head:sub(start + 1)
end

-- ---- gRPC ModelInferRequest: append parameters["priority"] (and a clamped "timeout"); the last map entry wins ----

local function pb_parameter(name, int64)
  -- map<string, InferParameter> entry: key = 1, value = 2; InferParameter.int64_param = 2 (varint).
  local value = encode_varint((2 << 3) | 0) .. encode_varint(int64)
  return pb_len_field(4, pb_len_field(1, name) .. pb_len_field(2, value))
end

-- Returns new 5-byte prefix, bytes to append at the message end, message end offset; or nil, grpc status, message.
local function rewrite_grpc(body, priority, max_timeout)
  if #body < 5 then return nil, 3, "the request holds no complete gRPC message prefix" end
  if body:byte(1) ~= 0 then return nil, 12, "compressed gRPC requests are not accepted by the gateway; send them uncompressed" end
  local len = (body:byte(2) << 24) | (body:byte(3) << 16) | (body:byte(4) << 8) | body:byte(5)
  local timeout = nil
  pb_fields(body, 6, math.min(#body, 5 + len), function(field, wire, a, b)
    if field ~= 4 or wire ~= 2 then return end
    local key, value = nil, nil
    pb_fields(body, a, b, function(f, w, x, y)
      if f == 1 and w == 2 then key = body:sub(x, y) elseif f == 2 and w == 2 then value = { x, y } end
    end)
    if key == "timeout" and value then
      pb_fields(body, value[1], value[2], function(f, w, v)
        if (f == 2 or f == 5) and w == 0 and v >= 0 then timeout = (timeout == nil or v < timeout) and v or timeout end
      end)
    end
  end)
  -- A timeout the client sent beyond the buffered part is not seen; the appended one (the tier's) then wins.
  if max_timeout and (timeout == nil or timeout > max_timeout) then timeout = max_timeout end
  local tail = pb_parameter("priority", priority)
  if timeout then tail = tail .. pb_parameter("timeout", timeout) end
  local new_len = len + #tail
  local prefix = string.char(0, (new_len >> 24) & 0xff, (new_len >> 16) & 0xff, (new_len >> 8) & 0xff, new_len & 0xff)
  return prefix, tail, 5 + len
end

-- Plans the body rewrite of an admitted inference request; the filter below applies it while forwarding.
core.register_action("gateway_rewrite", { "http-req" }, function(txn)
  local kind = txn:get_var("txn.kind")
  local tier = S.tiers[txn:get_var("txn.tier") or ""]
  if (kind ~= "json" and kind ~= "grpc") or not tier then return end
  local model = S.models[txn:get_var("txn.model") or ""]
  local max_timeout = model and model[txn:get_var("txn.tier")] or tier.max_timeout
  local body = txn.sf:req_body() or ""
  local cl = tonumber(txn.sf:req_hdr("content-length") or "")
  local function reject(status, message, grpc_status)
    txn:set_var("txn.reject_status", status)
    txn:set_var("txn.reject_message", message)
    if grpc_status then txn:set_var("txn.reject_grpc", grpc_status) end
  end
  if kind == "json" then
    local ihcl_text = txn.sf:req_hdr("inference-header-content-length")
    if ihcl_text == "" then ihcl_text = nil end -- an absent header reads as ""
    local head_len = #body
    if ihcl_text then
      head_len = tonumber(ihcl_text)
      if not head_len or head_len < 2 or (cl and head_len > cl) then return reject(400, "Inference-Header-Content-Length is not a valid length of the request's JSON header") end
      if head_len > #body or head_len >= S.max_json_bytes then
        return reject(413, "the JSON inference header is larger than the gateway accepts (" .. S.max_json_bytes .. " bytes)")
      end
    elseif #body >= S.max_json_bytes or (cl and #body < cl) then
      return reject(413, "the JSON request is larger than the gateway accepts (" .. S.max_json_bytes .. " bytes); send large tensors as binary data with Inference-Header-Content-Length")
    end
    local head, err = rewrite_json(body:sub(1, head_len), tier.priority, max_timeout)
    if not head then return reject(400, err) end
    if ihcl_text then txn.http:req_set_header("inference-header-content-length", tostring(#head)) end
    if cl then txn.http:req_set_header("content-length", tostring(cl + #head - head_len)) end
    txn:set_var("txn.rw_head", head)
    txn:set_var("txn.rw_head_len", head_len)
  else
    local prefix, tail, msg_end = rewrite_grpc(body, tier.priority, max_timeout)
    if not prefix then return reject(400, tail and msg_end or "malformed gRPC message", tail) end
    if cl then txn.http:req_set_header("content-length", tostring(cl + #tail)) end
    txn:set_var("txn.rw_head", prefix)
    txn:set_var("txn.rw_head_len", 5)
    txn:set_var("txn.rw_tail", tail)
    txn:set_var("txn.rw_tail_at", msg_end)
  end
end)

-- The HTX body filter: replaces the planned head and inserts the planned tail while the body streams through.
local BodyFilter = { id = "spillway-gateway-body", flags = filter.FLT_CFG_FL_HTX }
BodyFilter.__index = BodyFilter

function BodyFilter:new()
  return setmetatable({ plan = nil, consumed = 0, head_done = false, tail_done = false }, BodyFilter)
end

-- Runs after the http-request rules, so only a request with a planned rewrite has its body filtered: requests
-- answered by the rules (401, 429, 503, ...) and those with nothing to rewrite never pay for the data callbacks.
function BodyFilter:http_headers(txn, msg)
  if msg.channel:is_resp() then return end
  local head = txn:get_var("txn.rw_head")
  if not head then return end
  self.plan = {
    head = head, head_len = txn:get_var("txn.rw_head_len"),
    tail = txn:get_var("txn.rw_tail"), tail_at = txn:get_var("txn.rw_tail_at"),
  }
  filter.register_data_filter(self, msg.channel)
end

function BodyFilter:http_payload(txn, msg)
  local plan = self.plan
  local avail = msg:input()
  local pos = 0 -- offset in the current data that corresponds to original offset self.consumed
  if not self.head_done then
    if avail < plan.head_len then return 0 end
    msg:set(plan.head, 0, plan.head_len)
    self.head_done = true
    self.consumed = plan.head_len
    pos = #plan.head
    avail = avail - plan.head_len + #plan.head
  end
  if plan.tail and not self.tail_done then
    local need = plan.tail_at - self.consumed
    if need <= avail - pos then
      msg:insert(plan.tail, pos + need)
      self.tail_done = true
      self.consumed = plan.tail_at
      avail = avail + #plan.tail
    else
      self.consumed = self.consumed + (avail - pos)
    end
  end
  return avail
end

core.register_filter("gateway_body", BodyFilter, function(f, args) return f end)

-- ---- Metrics: the level in force, the keys loaded, decisions per tier (Prometheus text format) ----

core.register_service("gateway_metrics", "http", function(applet)
  local lines = {
    "# HELP spillway_gateway_level_info The degradation level in force (value 1) on this gateway pod.",
    "# TYPE spillway_gateway_level_info gauge",
  }
  for _, name in ipairs(S.level_names) do
    lines[#lines + 1] = 'spillway_gateway_level_info{level="' .. name .. '"} ' .. (name == state.level and 1 or 0)
  end
  lines[#lines + 1] = "# HELP spillway_gateway_api_keys The API keys loaded from the keys file."
  lines[#lines + 1] = "# TYPE spillway_gateway_api_keys gauge"
  lines[#lines + 1] = "spillway_gateway_api_keys " .. state.key_count
  lines[#lines + 1] = "# HELP spillway_gateway_reload_errors_total Unreadable level files and failed reloads."
  lines[#lines + 1] = "# TYPE spillway_gateway_reload_errors_total counter"
  lines[#lines + 1] = "spillway_gateway_reload_errors_total " .. state.errors
  lines[#lines + 1] = "# HELP spillway_gateway_requests_total Requests by tier and gateway decision (admitted, unauthenticated, rate_limited, shed, ...)."
  lines[#lines + 1] = "# TYPE spillway_gateway_requests_total counter"
  local names = {}
  for k in pairs(counters) do names[#names + 1] = k end
  table.sort(names)
  for _, k in ipairs(names) do
    local tier, outcome = k:match("^(.-)%z(.*)$")
    lines[#lines + 1] = 'spillway_gateway_requests_total{tier="' .. tier .. '",outcome="' .. outcome .. '"} ' .. counters[k]
  end
  local body = table.concat(lines, "\n") .. "\n"
  applet:set_status(200)
  applet:add_header("content-type", "text/plain; version=0.0.4")
  applet:add_header("content-length", tostring(#body))
  applet:start_response()
  applet:send(body)
end)
