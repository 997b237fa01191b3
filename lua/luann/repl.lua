-- The Lua half of the luann REPL (trepl's repl() rebuilt): chunk completeness, auto-print,
-- _RESULTS/_LAST, `$ cmd`, `?sym`, who(), import, the interrupt hook, and completion.
-- Python (luann/repl/evaluator.py) drives it; nothing here touches the terminal except io.write.
local ffi = require 'ffi'
local torch = require 'torch'

local R = {}
local write = io.write

-- colours (trepl/colors.lua) ------------------------------------------------------------------
local C = {
   reset = '\27[0m', cyan = '\27[0;36m', blue = '\27[0;34m', black = '\27[1;30m',
   magenta = '\27[0;35m', green = '\27[0;32m', red = '\27[0;31m', bmagenta = '\27[1;35m',
}
R.colors = C
local color = false
function R.set_color(on) color = on and true or false end
local function paint(c, s) if color then return c .. s .. C.reset end return s end

-- interrupt ------------------------------------------------------------------------------------
-- Ctrl-C design (verified in experiments, see luann/repl/interrupt.py):
--  * the Lua state runs in the main thread; lupa releases the GIL while Lua runs;
--  * SIGINT reaches a Python watcher thread through signal.set_wakeup_fd even while the main
--    thread is deep in Lua, and the watcher sets an int32 flag in memory shared through FFI;
--  * a count hook (every 1000 VM instructions) checks the flag and raises 'interrupted!';
--  * LuaJIT never runs hooks inside compiled traces, so each REPL chunk is compiled with
--    jit.off(f, true): the chunk and every function it defines run in the interpreter (a
--    `while true do end` typed at the prompt is stoppable), while library code stays compiled.
--  The hook costs ~10% on interpreted code and nothing on compiled traces.
local flag
local HOOK_COUNT = 1000
local handler
local function hook()
   -- the flag stays up until the chunk is over (run() lowers it), so a pcall in user code
   -- can't swallow the interrupt for good: the hook fires again 1000 instructions later
   -- After the first hit the hook runs on every instruction, so the error escapes as soon as
   -- control is outside the innermost pcall (the REPL's own error handler is spared).
   if flag ~= nil and flag[0] ~= 0 then
      local info = debug.getinfo(2, 'f')
      if info and info.func == handler then return end
      debug.sethook(hook, '', 1)
      error('interrupted!', 2)
   end
end
function R.set_flag_address(addr)
   flag = ffi.cast('volatile int32_t *', addr)
end

-- values inside a dumped table, with trepl's colours (torch._dump_table does the layout)
local function nested_value(v)
   local sm = torch._summary and torch._summary(v)
   if sm then return paint(C.red, sm) end
   local t = type(v)
   if t == 'nil' then return paint(C.black, 'nil')
   elseif t == 'number' then return paint(C.cyan, tostring(v))
   elseif t == 'boolean' then return paint(C.blue, tostring(v))
   elseif t == 'string' then return paint(C.black, '"') .. paint(C.green, v) .. paint(C.black, '"')
   elseif t == 'function' then return paint(C.magenta, tostring(v))
   elseif t == 'userdata' or t == 'cdata' then return paint(C.red, tostring(v))
   end
   return tostring(v)
end

-- one value as th prints it (trepl print_new), with th's colours
local function format_value(v)
   local t = type(v)
   if t == 'table' and torch.typename(v) then
      local s = torch._display_string(v)
      if s then return s end
   end
   if color and t == 'table' and next(v) ~= nil then
      local mt = getmetatable(v)
      if not (type(mt) == 'table' and mt.__tostring) then
         return torch._dump_table(v, nested_value, paint(C.green, '{...}'))
      end
   end
   local s = torch._format_value(v)
   if not color then return s end
   if t == 'number' then return paint(C.cyan, s:sub(1, -2)) .. '\t'
   elseif t == 'boolean' then return paint(C.blue, s:sub(1, -2)) .. '\t'
   elseif t == 'nil' then return paint(C.black, s:sub(1, -2)) .. '\t'
   elseif t == 'function' then return paint(C.magenta, s:sub(1, -2)) .. '\t'
   end
   return s
end

function R.print_values(n, ...)
   if n == 0 then return end
   write(torch._join_values(format_value, n, ...))
end

-- chunks ----------------------------------------------------------------------------------------
local function is_incomplete_err(err)
   return err:find("near '<eof>'", 1, true) ~= nil or err:find('unfinished', 1, true) ~= nil
end

-- 'empty' | 'complete' | 'incomplete' | 'error' (a syntax error that more lines cannot fix)
function R.classify(chunk)
   local src = chunk:gsub('^%s+', '')
   if src == '' then return 'empty' end
   local c = src:sub(1, 1)
   if c == '$' or c == '?' then return 'complete' end
   if src:match('^exit%s*$') then return 'complete' end
   src = src:gsub('^=', '')
   local g, err1 = loadstring('return ' .. src)
   if g then return 'complete' end
   local f, err = loadstring(src)
   if f then return 'complete' end
   if is_incomplete_err(err) or is_incomplete_err(err1) then return 'incomplete' end
   return 'error'
end

local function clean_tb(tb)
   local lines = {}
   for line in tb:gmatch('[^\n]+') do
      if line:find("in function 'xpcall'", 1, true) then break end
      if line:find('luann/repl.lua', 1, true) then
         -- the interrupt hook: drop it and the `error` it called
         if lines[#lines] and lines[#lines]:find("in function 'error'", 1, true) then lines[#lines] = nil end
      else
         lines[#lines + 1] = line
      end
   end
   return table.concat(lines, '\n')
end

function handler(err)
   debug.sethook()
   err = torch._relocate(err)   -- a runtime error inside the library: the user's line
   local msg = err
   if type(err) ~= 'string' and type(err) ~= 'number' then msg = tostring(err) end
   local safe = require('torch.runner').utf8_safe   -- Python reads these as UTF-8
   return {msg = safe(tostring(msg)), tb = safe(debug.traceback('', 2))}
end

_RESULTS = _RESULTS or {}

local function pack(...) return {__luann_n = select('#', ...), ...} end

local jit_chunks = os.getenv('LUANN_REPL_JIT') == '1'   -- opt out: fast, but Ctrl-C can't stop compiled loops

local function run(f, printing)
   if not jit_chunks then jit.off(f, true) end
   if flag ~= nil then
      flag[0] = 0
      debug.sethook(hook, '', HOOK_COUNT)
   end
   local res = {xpcall(f, handler, pack)}
   debug.sethook()
   io.stdout:flush()
   if flag ~= nil then flag[0] = 0 end
   if not res[1] then
      local e = res[2]
      if type(e) ~= 'table' then return false, tostring(e), '' end
      return false, e.msg, clean_tb(e.tb)
   end
   local vals = res[2]
   local n = type(vals) == 'table' and vals.__luann_n or 0
   if n > 0 then
      _RESULTS[#_RESULTS + 1] = vals[1]
      _LAST = vals[1]
   end
   if printing and n > 0 then
      local ok, err = pcall(R.print_values, n, unpack(vals, 1, n))
      io.stdout:flush()
      if not ok then return false, tostring(err), '' end
   end
   return true
end

local aliases = {ll = 'ls -lhF', la = 'ls -ahF', lla = 'ls -lahF'}
local function shell(cmd)
   local first, rest = cmd:match('^(%S+)(.*)$')
   if first and aliases[first] then cmd = aliases[first] .. rest end
   local p = io.popen(cmd .. ' 2>&1', 'r')
   if not p then return false, 'cannot run ' .. cmd, '' end
   local out = p:read('*a')
   p:close()
   write(out)
   io.stdout:flush()
   _RESULTS[#_RESULTS + 1] = out
   _LAST = out
   return true
end

-- Evaluate one complete prompt entry. Returns status ('ok' | 'error' | 'incomplete' | 'exit'),
-- message, traceback. `force` (an empty line after an incomplete chunk) reports the syntax error.
local function eval_(chunk, force)
   local src = chunk:gsub('^%s+', ''):gsub('%s+$', '')
   if src == '' then return 'empty' end
   if src:sub(1, 1) == '$' then
      local ok, m, tb = shell(src:sub(2):gsub('^%s+', ''))
      return ok and 'ok' or 'error', m, tb
   end
   if src == '?' then
      write(R.selfhelp())
      return 'ok'
   end
   if src:sub(1, 1) == '?' then
      local ok, err = pcall(R.help_text, src:sub(2):gsub('^%s+', ''))
      write(ok and err or ('error: ' .. tostring(err) .. '\n'))
      io.stdout:flush()
      return 'ok'
   end
   if src == 'exit' then return 'exit' end
   src = src:gsub('^=%s*', '')
   local printing = not src:match(';%s*$') and not src:match('^print[^%w_]') and src ~= 'print'
   -- an expression runs as `pack(<src>)`, so the user's calls are no tail calls and errors
   -- point at the chunk like th's `_RESULT={<line>}`
   local expr = src:gsub('[;%s]+$', '')
   local f
   local g, err1 = loadstring('return ' .. expr)
   if g then
      f = loadstring('local __pack = ...; return __pack(' .. expr .. '\n)', expr)
   end
   if f then
      local ok, m, tb = run(f, printing)
      return ok and 'ok' or 'error', m, tb
   end
   local err
   f, err = loadstring(src)
   if f then
      f = require('torch.usercode').load(src, src)   -- calls in tail position keep the line
      local ok, m, tb = run(f, false)
      return ok and 'ok' or 'error', m, tb
   end
   if (is_incomplete_err(err) or is_incomplete_err(err1 or '')) and not force then return 'incomplete' end
   return 'error', 'syntax error: ' .. err, ''
end

function R.eval(chunk, force)
   local s, m, tb = eval_(chunk, force)
   return s, m, tb
end

-- who(), import -------------------------------------------------------------------------------
-- who() lists what the user made: not Lua's own globals, loaded packages (torch, nn, paths...),
-- the REPL's helpers or _-names; globals a script made before `luann -i` count as the user's
local startup_globals = {}
for w in ([[_G _VERSION assert bit collectgarbage coroutine debug dofile error gcinfo getfenv
   getmetatable io ipairs jit load loadfile loadstring math module newproxy next os package pairs
   pcall print rawequal rawget rawset require select setfenv setmetatable string table tonumber
   tostring type unpack xpcall who import help print_old setprintlevel]]):gmatch('%S+') do
   startup_globals[w] = true
end
function R.snapshot_globals() end
local function is_system(k, v)
   if startup_globals[k] or k:sub(1, 1) == '_' then return true end
   local p = package.loaded[k]
   return p ~= nil and rawequal(p, v)
end

local function summary(v)
   local s = torch._summary and torch._summary(v)
   if s then return s end
   local tn = torch.typename(v)
   if tn then return tn end
   if type(v) == 'string' then return string.format('%q', #v > 40 and v:sub(1, 37) .. '...' or v) end
   if type(v) == 'number' or type(v) == 'boolean' then return tostring(v) end
   return type(v)
end

function R.who()
   local names = {}
   for k in pairs(_G) do
      if type(k) == 'string' and not is_system(k, _G[k]) then names[#names + 1] = k end
   end
   table.sort(names)
   local out = {}
   for _, k in ipairs(names) do
      out[#out + 1] = string.format('[%s]%s = %s\n', k, string.rep(' ', math.max(1, 16 - #k)), summary(_G[k]))
   end
   write(table.concat(out))
end

function R.import(pkg)
   local p = type(pkg) == 'string' and require(pkg) or pkg
   if type(p) ~= 'table' then error('import: ' .. tostring(pkg) .. ' is not a package', 2) end
   for k, v in pairs(p) do
      if rawget(_G, k) == nil then rawset(_G, k, v) end
   end
   return p
end

-- help ----------------------------------------------------------------------------------------
local docs
local function load_docs()
   if not docs then
      local ok, d = pcall(require, 'luann.help_data')
      docs = ok and d or {}
   end
   return docs
end

local function resolve(name)
   local v = _G
   for part in name:gmatch('[^%.:]+') do
      if type(v) ~= 'table' then
         if torch.typename(v) or type(v) == 'cdata' then
            local ok, r = pcall(function() return v[part] end)
            if not ok then return nil end
            v = r
         else return nil end
      else
         local ok, r = pcall(function() return v[part] end)
         if not ok then return nil end
         v = r
      end
      if v == nil then return nil end
   end
   return v
end

-- the documented name of a live value (functions and classes), found by resolving the doc keys
local function name_of(val)
   for k in pairs(load_docs()) do
      if not k:find('^nn%.') or rawget(nn or {}, k:match('^nn%.([^%.:]+)')) ~= nil then
         local v = resolve(k)
         if v ~= nil and rawequal(v, val) then return k end
      end
   end
   -- torch class instances and tensors: their type name
   local tn = torch.typename(val)
   if tn and load_docs()[tn] then return tn end
   if torch.isTensor(val) then return 'torch.Tensor' end
   if torch.isStorage(val) then return 'torch.Storage' end
   return nil
end

local BANNER = string.rep('+', 69)
local function style_entry(name, text)
   local sig, desc = text:match('^([^\n]*)\n?(.*)$')
   local out = {BANNER, '\n', paint(C.bmagenta, name), '\n\n', paint(C.cyan, sig), '\n'}
   if desc and desc ~= '' then out[#out + 1] = '\n' .. desc:gsub('^%s+', '') .. '\n' end
   out[#out + 1] = BANNER .. '\n'
   return table.concat(out)
end

-- text for `? sym` (sym is source text: a name or an expression)
function R.help_text(symtext)
   local d = load_docs()
   local key = symtext:gsub('%s+$', ''):gsub('^torch%.Tensor:', 'torch.Tensor.')
   if d[key] then return style_entry(key, d[key]) end
   if d['torch.' .. key] then return style_entry('torch.' .. key, d['torch.' .. key]) end
   local f = loadstring('return ' .. symtext)
   if f then
      local ok, v = pcall(f)
      if ok and v ~= nil then
         local n = name_of(v)
         if n then return style_entry(n, d[n]) end
      end
   end
   -- x:method on a tensor
   local obj, meth = symtext:match('^(.-)[:%.]([%w_]+)%s*$')
   if obj then
      local g = loadstring('return ' .. obj)
      local ok, v = false, nil
      if g then ok, v = pcall(g) end
      if ok and torch.isTensor and torch.isTensor(v) and d['torch.Tensor.' .. meth] then
         return style_entry('torch.Tensor.' .. meth, d['torch.Tensor.' .. meth])
      end
      -- a torch class instance: the method's doc on its class or the nearest parent
      local mt = ok and torch.typename(v) and getmetatable(v)
      local depth = 0
      while type(mt) == 'table' and depth < 20 do
         local tn = rawget(mt, '__typename')
         if tn and d[tn .. '.' .. meth] then return style_entry(tn .. '.' .. meth, d[tn .. '.' .. meth]) end
         mt = getmetatable(mt)
         depth = depth + 1
      end
   end
   return 'undocumented symbol\n'
end

-- help(value) / help('name'), as dok's help
function R.help(x)
   if x == nil then write(R.selfhelp()) return end
   if type(x) == 'string' and load_docs()[x] then write(style_entry(x, docs[x])) return end
   local n = name_of(x)
   if n then write(style_entry(n, docs[n])) else write('undocumented symbol\n') end
end

function R.selfhelp()
   return [[
  ______             __   |  luann: torch7's th prompt, in Python
 /_  __/__  ________/ /   |
  / / / _ \/ __/ __/ _ \  |  features:
 /_/  \___/_/  \__/_//_/  |
                          |  * tab completion of globals, fields and methods (torch.ra<TAB>)
                          |  * history (Ctrl-R to search), auto-suggestions (Right to accept)
                          |  * expressions print their value; a trailing ';' hides it
                          |  * _RESULTS holds every result, _LAST the latest
                          |  * `$ cmd` runs a shell command
                          |  * `? sym` or help(sym) shows help, e.g. ? torch.randn
                          |  * who() lists your globals, import 'pkg' copies a package into _G
                          |  * Ctrl-C interrupts anything, Ctrl-L clears, Ctrl-D quits
]]
end

-- completion ----------------------------------------------------------------------------------
local keywords = {'and', 'break', 'do', 'else', 'elseif', 'end', 'false', 'for', 'function',
   'if', 'in', 'local', 'nil', 'not', 'or', 'repeat', 'return', 'then', 'true', 'until', 'while'}

-- tables whose keys are the fields/methods of v (walking metatables and __index chains)
local function field_tables(v, out, depth, seen)
   out = out or {}
   depth = depth or 0
   seen = seen or {}
   if depth > 20 then return out end
   local tv = type(v)
   if tv == 'table' then
      if seen[v] then return out end
      seen[v] = true
      out[#out + 1] = v
   end
   if tv == 'cdata' or tv == 'userdata' then
      local tn = torch.typename(v)
      local T = torch._tensor_types
      local ty = tn and T and T.byname and T.byname[tn]
      if ty then
         local ok, ist = pcall(torch.isTensor, v)
         local m = (ok and ist) and ty.methods or ty.storage_methods or ty.methods
         if m then field_tables(m, out, depth + 1, seen) end
      end
      return out
   end
   if tv == 'string' then return field_tables(string, out, depth + 1, seen) end
   local mt = debug.getmetatable(v)
   if type(mt) == 'table' then
      local pm = rawget(mt, '__metatable')
      if type(pm) == 'table' then field_tables(pm, out, depth + 1, seen) end
      local idx = rawget(mt, '__index')
      if type(idx) == 'table' then field_tables(idx, out, depth + 1, seen) end
   end
   return out
end

local function kind_suffix(v, sep_methods)
   local t = type(v)
   if t == 'function' then return '('
   elseif t == 'table' then
      local mt = getmetatable(v)
      if torch.typename(v) or (mt and rawget(mt, '__call')) then return sep_methods and ':' or '' end
      return '.'
   elseif t == 'cdata' or t == 'userdata' then return ':'
   end
   return ''
end

-- candidates for the identifier chain at the end of `line`: returns a list of
-- {word, suffix} pairs (the word completes the last component) and the typed prefix
function R.complete(line)
   local chain = line:match('[%w_%.:]*$') or ''
   local base, sep, prefix = chain:match('^(.*)([%.:])([%w_]*)$')
   local res = {}
   local seenk = {}
   local function add(k, v, sfx)
      if type(k) ~= 'string' or not k:match('^[%a_][%w_]*$') or seenk[k] then return end
      if k:sub(1, #prefix) ~= prefix then return end
      if k:sub(1, 1) == '_' and prefix:sub(1, 1) ~= '_' then return end
      seenk[k] = true
      res[#res + 1] = {k, sfx or ''}
   end
   if not base then
      prefix = chain
      if prefix:match('^%d') then return res, prefix end
      for _, k in ipairs(keywords) do add(k, nil, ' ') end
      for _, t in ipairs(field_tables(_G)) do
         for k, v in pairs(t) do add(k, v, kind_suffix(v, false)) end
      end
   else
      if base == '' then return res, prefix end
      local v = resolve(base)
      if v == nil then return res, prefix end
      for _, t in ipairs(field_tables(v)) do
         for k, fv in pairs(t) do
            if sep == ':' then
               if type(fv) == 'function' then add(k, fv, '(') end
            else
               add(k, fv, kind_suffix(fv, true))
            end
         end
      end
   end
   table.sort(res, function(a, b) return a[1] < b[1] end)
   return res, prefix
end

-- th's globals for the prompt
function R.install_globals()
   rawset(_G, 'who', R.who)
   rawset(_G, 'import', R.import)
   rawset(_G, 'help', R.help)
   if rawget(_G, 'print_old') == nil then rawset(_G, 'print_old', torch._print_old) end
   if rawget(_G, 'setprintlevel') == nil and torch._setprintlevel then
      rawset(_G, 'setprintlevel', torch._setprintlevel)
   end
end

return R
