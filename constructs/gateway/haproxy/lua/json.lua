-- Part 3 of gateway.lua: the JSON scanning and rewriting of KServe v2 inference headers.

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
