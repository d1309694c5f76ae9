-- Part 2 of gateway.lua: the protobuf reading and writing of gRPC ModelInferRequest messages.

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
