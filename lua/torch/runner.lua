-- Running chunks for the front ends (script runner, REPL, kernel): compile,
-- call under xpcall with a traceback, and report errors as strings.
local runner = {}
local usercode = require 'torch.usercode'

local function traceback(err)
   -- a runtime error inside the library names the user's line instead (torch._relocate)
   local msg = torch._relocate(err)
   err = msg
   if type(err) ~= 'string' then
      local mt = getmetatable(err)
      if type(err) == 'table' and not (mt and mt.__tostring) then msg = tostring(err)
      else msg = tostring(err) end
   end
   return {msg = msg, tb = debug.traceback('', 2)}
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
   if not f then return false, err, '' end
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
