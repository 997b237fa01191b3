-- cjson: lua-cjson 2.1.0's API in plain Lua (torch's distro ships it; jcjohnson/torch-rnn,
-- densecap, neural-style read and write their JSON with it).
-- Conventions kept from lua-cjson:
--   encode: a table whose keys are all integers >= 1 is an array (holes become null) unless it
--     is "excessively sparse" (encode_sparse_array: convert=false, ratio=2, safe=10); any other
--     table, the empty one included, is an object; number keys become strings; numbers print
--     with %.14g (encode_number_precision); '/' is escaped as \/; NaN/Inf are refused
--     (encode_invalid_numbers); nesting is limited to encode_max_depth (1000).
--   decode: objects -> tables with string keys (`{"1": "a"}` gives t["1"]), arrays -> 1-based
--     tables, JSON null -> cjson.null (a userdata, so it survives in tables); errors are
--     "Expected <what> but found <token> at character <n>".
-- require 'cjson.safe' gives the same functions returning nil, message instead of raising.
local torch = require 'torch'

local byte, char, sub, find, format, concat = string.byte, string.char, string.sub, string.find,
   string.format, table.concat
local floor, huge = math.floor, math.huge
local luatype = torch._luatype or type

-- cjson.null: a userdata (lua-cjson's is the NULL lightuserdata), printed as LuaJIT prints it
local null = newproxy(true)
getmetatable(null).__tostring = function() return 'userdata: NULL' end

local ESCAPES = {['"'] = '\\"', ['\\'] = '\\\\', ['/'] = '\\/', ['\b'] = '\\b', ['\f'] = '\\f',
   ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t', ['\127'] = '\\u007f'}
for i = 0, 31 do
   local c = char(i)
   if not ESCAPES[c] then ESCAPES[c] = format('\\u%04x', i) end
end

local UNESCAPES = {['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n', r = '\r',
   t = '\t'}

local TOKEN_NAMES = {['{'] = 'T_OBJ_BEGIN', ['}'] = 'T_OBJ_END', ['['] = 'T_ARR_BEGIN',
   [']'] = 'T_ARR_END', [':'] = 'T_COLON', [','] = 'T_COMMA'}

local function new()
   local cfg = {sparse_convert = false, sparse_ratio = 2, sparse_safe = 10, encode_depth = 1000,
      decode_depth = 1000, precision = 14, keep_buffer = true, encode_invalid = false,
      decode_invalid = true}
   local numfmt = '%.14g'
   local M = {_NAME = 'cjson', _VERSION = '2.1.0', null = null}

   -- the error a C function raises: the message at the user's line
   local function fail(msg) torch._error(msg) end

   ---------------------------------------------------------------------------------------------
   -- encode

   -- type(): luann's, which says 'userdata' for tensors as torch7 does
   local function cannot(v, reason)
      fail(format('Cannot serialise %s: %s', type(v), reason))
   end

   local function number(buf, n, v)
      if n ~= n or n == huge or n == -huge then
         if cfg.encode_invalid == false then cannot(v, 'must not be NaN or Inf') end
         if cfg.encode_invalid == 'null' then buf[#buf + 1] = 'null'; return end
         buf[#buf + 1] = (n ~= n) and 'NaN' or (n > 0 and 'Infinity' or '-Infinity')
         return
      end
      buf[#buf + 1] = format(numfmt, n)
   end

   local function str(buf, s)
      buf[#buf + 1] = '"' .. s:gsub('[%z\1-\031"\\/\127]', ESCAPES) .. '"'
   end

   -- lua-cjson's lua_array_length: the array length, or -1 for an object
   local function array_length(t)
      local max, items = 0, 0
      for k in pairs(t) do
         if luatype(k) == 'number' and k >= 1 and floor(k) == k then
            if k > max then max = k end
            items = items + 1
         else
            return -1
         end
      end
      if cfg.sparse_ratio > 0 and max > items * cfg.sparse_ratio and max > cfg.sparse_safe then
         if not cfg.sparse_convert then cannot(t, 'excessively sparse array') end
         return -1
      end
      return max
   end

   local value
   local function tbl(buf, t, depth)
      depth = depth + 1
      if depth > cfg.encode_depth then
         fail(format('Cannot serialise, excessive nesting (%d)', depth))
      end
      local n = array_length(t)
      if n > 0 then
         buf[#buf + 1] = '['
         for i = 1, n do
            if i > 1 then buf[#buf + 1] = ',' end
            value(buf, rawget(t, i), depth)
         end
         buf[#buf + 1] = ']'
      else
         buf[#buf + 1] = '{'
         local first = true
         for k, v in next, t do
            if not first then buf[#buf + 1] = ',' end
            first = false
            local kt = luatype(k)
            if kt == 'number' then
               buf[#buf + 1] = '"'
               number(buf, k, k)
               buf[#buf + 1] = '":'
            elseif kt == 'string' then
               str(buf, k)
               buf[#buf + 1] = ':'
            else
               cannot(k, 'table key must be a number or string')
            end
            value(buf, v, depth)
         end
         buf[#buf + 1] = '}'
      end
   end

   value = function(buf, v, depth)
      local t = luatype(v)
      if t == 'string' then str(buf, v)
      elseif t == 'number' then number(buf, v, v)
      elseif t == 'boolean' then buf[#buf + 1] = v and 'true' or 'false'
      elseif t == 'nil' or rawequal(v, null) then buf[#buf + 1] = 'null'
      elseif t == 'table' then tbl(buf, v, depth)
      else cannot(v, 'type not supported')
      end
   end

   function M.encode(...)
      if select('#', ...) ~= 1 then fail("bad argument #1 to 'encode' (expected one argument)") end
      local buf = {}
      value(buf, (...), 0)
      return concat(buf)
   end

   ---------------------------------------------------------------------------------------------
   -- decode

   local function decode_error(expected, found, pos)
      fail(format('Expected %s but found %s at character %d', expected, found, pos))
   end

   -- the UTF-8 bytes of a code point
   local function utf8(cp)
      if cp < 0x80 then return char(cp) end
      if cp < 0x800 then return char(0xC0 + floor(cp / 0x40), 0x80 + cp % 0x40) end
      if cp < 0x10000 then
         return char(0xE0 + floor(cp / 0x1000), 0x80 + floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
      end
      return char(0xF0 + floor(cp / 0x40000), 0x80 + floor(cp / 0x1000) % 0x40,
         0x80 + floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
   end

   -- Each scanner returns kind, value, next position; kind is a token name or 'error' (value is
   -- then the T_ERROR text and the third result the 1-based position reported).
   local function scan_string(s, pos)
      local parts, i = {}, pos + 1
      while true do
         local j = find(s, '["\\%z]', i)
         if not j then return 'error', 'unexpected end of string', #s + 1 end
         local c = sub(s, j, j)
         if c == '\0' then return 'error', 'unexpected end of string', j end
         if j > i then parts[#parts + 1] = sub(s, i, j - 1) end
         if c == '"' then return 'T_STRING', concat(parts), j + 1 end
         local e = sub(s, j + 1, j + 1)
         if e == 'u' then
            local hex = s:match('^%x%x%x%x', j + 2)
            if not hex then return 'error', 'invalid unicode escape code', j end
            local cp, nexti = tonumber(hex, 16), j + 6
            if cp >= 0xDC00 and cp <= 0xDFFF then return 'error', 'invalid unicode escape code', j end
            if cp >= 0xD800 and cp <= 0xDBFF then
               local lo = s:match('^\\u(%x%x%x%x)', nexti)
               lo = lo and tonumber(lo, 16)
               if not lo or lo < 0xDC00 or lo > 0xDFFF then
                  return 'error', 'invalid unicode escape code', j
               end
               cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
               nexti = nexti + 6
            end
            parts[#parts + 1] = utf8(cp)
            i = nexti
         else
            local u = UNESCAPES[e]
            if not u then return 'error', 'invalid escape code', j end
            parts[#parts + 1] = u
            i = j + 2
         end
      end
   end

   -- strtod's forms: decimal, hex, inf/infinity, nan
   local function scan_number(s, pos)
      local hex = s:match('^[+-]?0[xX]%x+', pos)
      if hex then return 'T_NUMBER', tonumber(hex), pos + #hex end
      local word = s:match('^[+-]?[iI][nN][fF][iI][nN][iI][tT][yY]', pos) or s:match('^[+-]?[iI][nN][fF]', pos)
      if word then return 'T_NUMBER', (sub(word, 1, 1) == '-') and -huge or huge, pos + #word end
      word = s:match('^[+-]?[nN][aA][nN]', pos)
      if word then return 'T_NUMBER', 0 / 0, pos + #word end
      local mant = s:match('^[+-]?%d*%.?%d*', pos)
      if not mant:find('%d') then return 'error', 'invalid number', pos end
      local e = pos + #mant
      local exp = s:match('^[eE][+-]?%d+', e)
      local text = mant .. (exp or '')
      return 'T_NUMBER', tonumber(text) or tonumber(text .. '0'), pos + #text
   end

   local function invalid_number(s, pos)
      local p = pos
      local c = sub(s, p, p)
      if c == '+' then return true end
      if c == '-' then p = p + 1; c = sub(s, p, p) end
      if c == '0' then
         local c2 = sub(s, p + 1, p + 1)
         return c2 == 'x' or c2 == 'X' or c2:find('^%d') ~= nil
      end
      if c ~= '' and byte(c) <= 57 then return false end
      local w = sub(s, p, p + 2):lower()
      return w == 'inf' or w == 'nan'
   end

   -- the next token: kind, value, token start, next position
   local function token(s, pos)
      pos = find(s, '[^ \t\n\r]', pos) or #s + 1
      local c = sub(s, pos, pos)
      if c == '' then return 'T_END', nil, pos, pos end
      local name = TOKEN_NAMES[c]
      if name then return name, nil, pos, pos + 1 end
      local kind, v, nexti
      if c == '"' then
         kind, v, nexti = scan_string(s, pos)
      elseif c == '-' or c:find('^%d') then
         if not cfg.decode_invalid and invalid_number(s, pos) then
            kind, v, nexti = 'error', 'invalid number', pos
         else
            kind, v, nexti = scan_number(s, pos)
         end
      elseif sub(s, pos, pos + 3) == 'true' then return 'T_BOOLEAN', true, pos, pos + 4
      elseif sub(s, pos, pos + 4) == 'false' then return 'T_BOOLEAN', false, pos, pos + 5
      elseif sub(s, pos, pos + 3) == 'null' then return 'T_NULL', null, pos, pos + 4
      elseif cfg.decode_invalid and invalid_number(s, pos) then
         kind, v, nexti = scan_number(s, pos)
      else
         kind, v, nexti = 'error', 'invalid token', pos
      end
      if kind == 'error' then return 'T_ERROR', v, nexti, nexti end
      return kind, v, pos, nexti
   end

   local function found(kind, v) return kind == 'T_ERROR' and v or kind end

   local parse_value
   local function parse_object(s, pos, depth)
      local obj = {}
      local kind, v, at, nexti = token(s, pos)
      if kind == 'T_OBJ_END' then return obj, nexti end
      while true do
         if kind ~= 'T_STRING' then decode_error('object key string', found(kind, v), at) end
         local key = v
         kind, v, at, nexti = token(s, nexti)
         if kind ~= 'T_COLON' then decode_error('colon', found(kind, v), at) end
         kind, v, at, nexti = token(s, nexti)
         obj[key], nexti = parse_value(s, kind, v, at, nexti, depth)
         kind, v, at, nexti = token(s, nexti)
         if kind == 'T_OBJ_END' then return obj, nexti end
         if kind ~= 'T_COMMA' then decode_error('comma or object end', found(kind, v), at) end
         kind, v, at, nexti = token(s, nexti)
      end
   end

   local function parse_array(s, pos, depth)
      local arr, n = {}, 0
      local kind, v, at, nexti = token(s, pos)
      if kind == 'T_ARR_END' then return arr, nexti end
      while true do
         n = n + 1
         arr[n], nexti = parse_value(s, kind, v, at, nexti, depth)
         kind, v, at, nexti = token(s, nexti)
         if kind == 'T_ARR_END' then return arr, nexti end
         if kind ~= 'T_COMMA' then decode_error('comma or array end', found(kind, v), at) end
         kind, v, at, nexti = token(s, nexti)
      end
   end

   parse_value = function(s, kind, v, at, nexti, depth)
      if kind == 'T_STRING' or kind == 'T_NUMBER' or kind == 'T_BOOLEAN' or kind == 'T_NULL' then
         return v, nexti
      end
      if kind == 'T_OBJ_BEGIN' or kind == 'T_ARR_BEGIN' then
         depth = depth + 1
         if depth > cfg.decode_depth then
            fail(format('Found too many nested data structures (%d) at character %d', depth, at))
         end
         if kind == 'T_OBJ_BEGIN' then return parse_object(s, nexti, depth) end
         return parse_array(s, nexti, depth)
      end
      decode_error('value', found(kind, v), at)
   end

   function M.decode(...)
      if select('#', ...) ~= 1 then fail("bad argument #1 to 'decode' (expected one argument)") end
      local s = ...
      local t = luatype(s)
      if t == 'number' then s = tostring(s)
      elseif t ~= 'string' then
         fail("bad argument #1 to 'decode' (string expected, got " .. (t == 'nil' and 'no value' or type(s)) .. ')')
      end
      if #s >= 2 and (byte(s, 1) == 0 or byte(s, 2) == 0) then
         fail('JSON parser does not support UTF-16 or UTF-32')
      end
      local kind, v, at, nexti = token(s, 1)
      local res
      res, nexti = parse_value(s, kind, v, at, nexti, 0)
      kind, v, at = token(s, nexti)
      if kind ~= 'T_END' then decode_error('the end', found(kind, v), at) end
      return res
   end

   ---------------------------------------------------------------------------------------------
   -- configuration (each returns the current settings)

   local function int_option(fname, argn, v, lo, hi)
      if v == nil then return nil end
      if luatype(v) ~= 'number' or v < lo or v > hi or floor(v) ~= v then
         fail(format("bad argument #%d to '%s' (expected integer between %d and %d)", argn, fname, lo, hi))
      end
      return v
   end

   local function bool_option(fname, argn, v, allow_null)
      if v == nil then return nil end
      if v == true or v == 'on' then return true end
      if v == false or v == 'off' then return false end
      if allow_null and v == 'null' then return 'null' end
      fail(format("bad argument #%d to '%s' (invalid option '%s')", argn, fname, tostring(v)))
   end

   function M.encode_sparse_array(convert, ratio, safe)
      local c = bool_option('encode_sparse_array', 1, convert)
      if c ~= nil then cfg.sparse_convert = c end
      cfg.sparse_ratio = int_option('encode_sparse_array', 2, ratio, 0, 2147483647) or cfg.sparse_ratio
      cfg.sparse_safe = int_option('encode_sparse_array', 3, safe, 0, 2147483647) or cfg.sparse_safe
      return cfg.sparse_convert, cfg.sparse_ratio, cfg.sparse_safe
   end

   function M.encode_max_depth(n)
      cfg.encode_depth = int_option('encode_max_depth', 1, n, 1, 2147483647) or cfg.encode_depth
      return cfg.encode_depth
   end

   function M.decode_max_depth(n)
      cfg.decode_depth = int_option('decode_max_depth', 1, n, 1, 2147483647) or cfg.decode_depth
      return cfg.decode_depth
   end

   function M.encode_number_precision(n)
      cfg.precision = int_option('encode_number_precision', 1, n, 1, 14) or cfg.precision
      numfmt = '%.' .. cfg.precision .. 'g'
      return cfg.precision
   end

   function M.encode_keep_buffer(v)
      local b = bool_option('encode_keep_buffer', 1, v)
      if b ~= nil then cfg.keep_buffer = b end
      return cfg.keep_buffer
   end

   function M.encode_invalid_numbers(v)
      local b = bool_option('encode_invalid_numbers', 1, v, true)
      if b ~= nil then cfg.encode_invalid = b end
      return cfg.encode_invalid
   end

   function M.decode_invalid_numbers(v)
      local b = bool_option('decode_invalid_numbers', 1, v)
      if b ~= nil then cfg.decode_invalid = b end
      return cfg.decode_invalid
   end

   M.new = new
   return M
end

-- cjson.safe's instances: encode/decode return nil and the message instead of raising
local function new_safe()
   local M = new()
   for _, name in ipairs{'encode', 'decode'} do
      local f = M[name]
      M[name] = function(...)
         local res = {pcall(f, ...)}
         if res[1] then return unpack(res, 2) end
         return nil, (tostring(res[2]):gsub('^[^\n]-:%d+: ', '', 1))
      end
   end
   M.new = new_safe
   return M
end

local cjson = new()
cjson._new_safe = new_safe
package.loaded.cjson = cjson
return cjson
