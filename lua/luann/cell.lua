-- Notebook cells the way iTorch ran them (facebookarchive/iTorch main.lua, torch7-api.md §3.4),
-- for the Jupyter kernel (luann/kernel/) and `luann notebook run|check`.
--
--  * `?sym` shows help, `?` alone the self-help; a leading `=` is `return`.
--  * Unless the cell ends with `;` or starts with `print`, `return <cell>` is tried first and its
--    values are shown the way torch/env's print shows them (torch objects as tostring plus their
--    field table via luann.display, plain tables dumped with unquoted strings, tensors in torch7's
--    format, no values at all as an empty line); otherwise the cell runs as a plain chunk (also
--    when the last line ends in a `--` comment, which swallowed the rest of iTorch's one-line wrapper).
--  * Ctrl-C: the same design as the REPL (lua/luann/repl.lua, luann/repl/interrupt.py): a count
--    hook polls an int32 flag that a Python watcher thread sets on SIGINT, and cells are compiled
--    with jit.off(f, true) so that a `while true do end` typed in a cell stays stoppable.
-- Nothing here touches the terminal; values come back to Python as text.
local ffi = require 'ffi'
local torch = require 'torch'

local M = {}

-- interrupt ------------------------------------------------------------------------------------
local flag
local HOOK_COUNT = 1000
local function hook()
   if flag ~= nil and flag[0] ~= 0 then
      flag[0] = 0
      error('interrupted!', 2)
   end
end
function M.set_flag_address(addr)
   flag = ffi.cast('volatile int32_t *', addr)
end

-- env's print ------------------------------------------------------------------------------------
local function format_value(v)
   if type(v) == 'table' then
      local s = torch._display_string(v)
      if s then return s end
   end
   return torch._format_value(v)
end
M.format_value = format_value

-- the text env's print writes for these values (no values: an empty line)
function M.format_values(n, ...)
   if n == 0 then return '\n' end
   return torch._join_values(format_value, n, ...)
end

function M.print(...)
   io.write(M.format_values(select('#', ...), ...))
end

-- running a cell ----------------------------------------------------------------------------------
local function clean_tb(tb)
   local lines = {}
   for line in tb:gmatch('[^\n]+') do
      if line:find('luann/cell.lua', 1, true) or line:find("in function 'xpcall'", 1, true) then break end
      lines[#lines + 1] = line
   end
   return table.concat(lines, '\n')
end

local function handler(err)
   debug.sethook()
   err = torch._relocate(err)   -- a runtime error inside the library: the user's line
   local msg = err
   if type(err) ~= 'string' and type(err) ~= 'number' then msg = tostring(err) end
   local safe = require('torch.runner').utf8_safe   -- Python reads these as UTF-8
   return {msg = safe(tostring(msg)), tb = safe(debug.traceback('', 2))}
end

local function pack(...) return {n = select('#', ...), ...} end

local function run(f)
   jit.off(f, true)
   if flag ~= nil then
      flag[0] = 0
      debug.sethook(hook, '', HOOK_COUNT)
   end
   local res = {xpcall(f, handler, pack)}
   debug.sethook()
   io.stdout:flush()
   if not res[1] then return false, res[2] end
   return true, res[2]
end

local function chunkname(src)
   return src
end

-- Run one cell. Returns status ('ok' | 'error'), then for 'ok' the text showing the cell's value
-- (nil when nothing is shown) and for 'error' the message and the Lua traceback.
function M.eval(code)
   local src = code:gsub('^%s+', ''):gsub('%s+$', '')
   if src == '' then return 'ok' end
   if src == '?' then
      local R = require 'luann.repl'
      io.write(R.selfhelp())
      io.stdout:flush()
      return 'ok'
   end
   if src:sub(1, 1) == '?' then
      local R = require 'luann.repl'
      local ok, s = pcall(R.help_text, (src:sub(2):gsub('^%s+', '')))
      io.write(ok and s or ('error: ' .. tostring(s) .. '\n'))
      io.stdout:flush()
      return 'ok'
   end
   local forced = false
   if src:sub(1, 1) == '=' then
      src = src:sub(2)
      forced = true
   end
   local printing = forced or (not src:match(';%s*$') and not src:match('^print[^%w_]') and src ~= 'print')
   local expr = src:gsub('[;%s]+$', '')
   local f
   -- iTorch compiled 'local f = function() return <cell> end; ...' on one line: a cell whose last
   -- line ends in a `--` comment (`x:stride() -- a note`) failed there and ran as a plain chunk,
   -- showing no value; such a cell runs as a statement here too
   local itorch_expr = forced or loadstring('local f = function() return ' .. src .. ' end; return f')
   -- `, nil` after the cell: a cell of comments only is no expression (it shows nothing)
   if itorch_expr and loadstring('return ' .. expr .. '\n, nil') then
      -- the values are passed to `pack`, so the user's calls are not tail calls
      f = loadstring('local __pack = ...; return __pack(' .. expr .. '\n)', chunkname(expr))
   end
   if f then
      local ok, r = run(f)
      if not ok then return 'error', r.msg, clean_tb(r.tb) end
      if r.n > 0 then
         _RESULTS = rawget(_G, '_RESULTS') or {}
         _RESULTS[#_RESULTS + 1] = r[1]
         _LAST = r[1]
      end
      if not printing then return 'ok' end
      local okp, text = pcall(M.format_values, r.n, unpack(r, 1, r.n))
      if not okp then return 'error', tostring(text), '' end
      return 'ok', require('torch.runner').utf8_safe(text)
   end
   local err
   -- (statements: calls in tail position are rewritten so errors keep the cell's line)
   f, err = require('torch.usercode').load(src, chunkname(src))
   if not f then return 'error', 'syntax error: ' .. tostring(err), '' end
   local ok, r = run(f)
   if not ok then return 'error', r.msg, clean_tb(r.tb) end
   return 'ok'
end

-- Set up the notebook globals: env's print, and `itorch` (only inside a notebook), whose rich
-- output goes to `display_hook(mimetype_table)`.
-- xlua.progress as iTorch had it: at most one update a second, redrawn with \r
local function notebook_progress()
   local timer, last = nil, -math.huge
   return function(current, goal)
      timer = timer or torch.Timer()
      local now = timer:time().real
      if current < goal and now - last < 1 then return end
      last = now
      local width = 50
      local done = goal > 0 and math.floor(current * width / goal) or width
      io.write('\r [' .. string.rep('=', done - 1) .. (done > 0 and '>' or '') .. string.rep('.', width - done)
               .. '] ' .. current .. '/' .. goal)
      if current >= goal then
         io.write('\n')
         last = -math.huge
      end
      io.stdout:flush()
   end
end

function M.install(display_hook, with_itorch)
   rawset(_G, 'print', M.print)
   local okx, xlua = pcall(require, 'xlua')
   if okx and type(xlua) == 'table' then xlua.progress = notebook_progress() end
   if with_itorch ~= false then
      local itorch = require 'itorch'
      itorch._set_display_hook(display_hook)
      rawset(_G, 'itorch', itorch)
   end
end

return M
