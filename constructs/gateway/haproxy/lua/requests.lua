-- Part 4 of gateway.lua: the request actions, the body filter and the metrics service.

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
