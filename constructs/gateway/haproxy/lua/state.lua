-- Part 1 of gateway.lua (constructs/gateway/haproxy/lua.ts joins the parts in order, after `local SETTINGS = {...}`):
-- the settings, the keys and level state and the task that keeps them current.
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
