-- Running chunks for the front ends (script runner, REPL, kernel): compile,
-- call under xpcall with a traceback, and report errors as strings.
local runner = {}
local usercode = require 'torch.usercode'
usercode.install()

-- text handed to Python must be valid UTF-8 (lupa decodes it): a byte that is not part of a
-- UTF-8 sequence is written the way Lua escapes it ('\255')
local function utf8_safe(s)
   if type(s) ~= 'string' or not s:find('[\128-\255]') then return s end
   local out, i, n = {}, 1, #s
   while i <= n do
      local c = s:byte(i)
      local len = c < 0x80 and 1 or (c >= 0xC2 and c <= 0xDF) and 2 or (c >= 0xE0 and c <= 0xEF) and 3
         or (c >= 0xF0 and c <= 0xF4) and 4 or 0
      local ok = len > 0 and i + len - 1 <= n
      for j = i + 1, i + len - 1 do
         if not ok then break end
         local d = s:byte(j)
         ok = d >= 0x80 and d <= 0xBF
      end
      if ok then
         out[#out + 1] = s:sub(i, i + len - 1)
         i = i + len
      else
         out[#out + 1] = '\\' .. c
         i = i + 1
      end
   end
   return table.concat(out)
end
runner.utf8_safe = utf8_safe

local function traceback(err)
   -- a runtime error inside the library names the user's line instead (torch._relocate)
   local msg = torch._relocate(err)
   err = msg
   if type(err) ~= 'string' then
      local mt = getmetatable(err)
      if type(err) == 'table' and not (mt and mt.__tostring) then msg = tostring(err)
      else msg = tostring(err) end
   end
   return {msg = utf8_safe(msg), tb = utf8_safe(debug.traceback('', 2))}
end
runner.traceback = traceback

local function clean_tb(tb)
   -- drop the frames of this file and the bridge
   local lines = {}
   for line in tb:gmatch('[^\n]+') do
      if not line:find('torch/runner.lua', 1, true) and not line:find('%[C%]: in function \'xpcall\'') then
         lines[#lines + 1] = line
      end
   end
   return table.concat(lines, '\n')
end

function runner.call(f, ...)
   local res = {xpcall(f, traceback, ...)}
   if res[1] then return true, nil, nil end
   local e = res[2]
   return false, e.msg, clean_tb(e.tb)
end

function runner.run_string(code, chunkname)
   local f, err = usercode.load(code, chunkname)
   if not f then return false, utf8_safe(err), '' end
   return runner.call(f)
end

function runner.run_file(path, argt)
   local f, err = usercode.loadfile(path)
   if not f then return false, err, '' end
   return runner.call(f, unpack(argt or {}))
end

-- one entry of an interactive prompt: an expression prints its values
function runner.repl_line(line)
   local src = line:gsub('^%s*=', 'return ')
   local f = loadstring('return ' .. src, '=stdin')
   local printing = f ~= nil and not src:match(';%s*$')
   if not f then
      local err
      f, err = loadstring(src, '=stdin')
      if not f then
         if err:match("'<eof>'") or err:match('unfinished') then return nil end
         return false, err, ''
      end
   end
   local res = {xpcall(f, traceback)}
   if not res[1] then
      return false, res[2].msg, res[2].tb
   end
   if printing and #res > 1 then print(unpack(res, 2, table.maxn(res))) end
   return true
end

return runner
