-- xlua: the parts of torch7's xlua that training scripts use: progress(),
-- formatTime(), require(), error(), print(), table2string(), trycatch(), unpack(),
-- unpack_class(), usage(), usage_module(), table.prune, string.tosymbol.
require 'torch'
xlua = xlua or {}
package.loaded.xlua = xlua

function xlua.formatTime(seconds)
   local floor = math.floor
   local days = floor(seconds / 3600 / 24)
   seconds = seconds - days * 3600 * 24
   local hours = floor(seconds / 3600)
   seconds = seconds - hours * 3600
   local minutes = floor(seconds / 60)
   seconds = seconds - minutes * 60
   local secondsf = floor(seconds)
   seconds = seconds - secondsf
   local millis = floor(seconds * 1000)

   -- at most the two leading units
   local f = ''
   local i = 1
   if days > 0 then f = f .. days .. 'D'; i = i + 1 end
   if hours > 0 and i <= 2 then f = f .. hours .. 'h'; i = i + 1 end
   if minutes > 0 and i <= 2 then f = f .. minutes .. 'm'; i = i + 1 end
   if secondsf > 0 and i <= 2 then f = f .. secondsf .. 's'; i = i + 1 end
   if millis > 0 and i <= 2 then f = f .. millis .. 'ms'; i = i + 1 end
   if f == '' then f = '0ms' end
   return f
end
local formatTime = xlua.formatTime

-- table.splice(tbl[, start[, length]]): removes length elements from start
function table.splice(tbl, start, length)
   length = length or 1
   start = start or 1
   local endd = start + length
   local spliced, remainder = {}, {}
   for i, elt in ipairs(tbl) do
      if i < start or i >= endd then table.insert(spliced, elt)
      else table.insert(remainder, elt) end
   end
   return spliced, remainder
end

-- string.split(str, pat) (also str:split(pat)), as xlua adds it: the pieces between matches of
-- the Lua pattern pat; an empty piece before a match at position 1 and an empty tail are dropped
function string.split(str, pat)
   local pieces, pos = {}, 1
   while true do
      local s, e = str:find(pat, pos)
      if not s or e < s then break end
      if s ~= 1 or pos ~= s then pieces[#pieces + 1] = str:sub(pos, s - 1) end
      pos = e + 1
   end
   if pos <= #str then pieces[#pieces + 1] = str:sub(pos) end
   return pieces
end

-- progress bar: ' [====>....] ' then ETA/Tot and Step times, the count in the
-- middle; redrawn in place with \r and \b.  Draws nothing when stdout is not a tty.
do
   local termLength
   local function getTermLength()
      local w
      local f = io.popen('tput cols 2>/dev/null', 'r')
      if f then
         w = tonumber(f:read('*a'))
         f:close()
      end
      return w or tonumber(os.getenv('COLUMNS') or '') or 80
   end

   local barDone = true
   local previous = -1
   local tm = ''
   local timer, times, indices

   function xlua.progress(current, goal)
      if xlua._progress_force == nil and not torch.isatty(io.stdout) then return end
      termLength = termLength or math.min(getTermLength(), 120)
      local barLength = termLength - 34
      local smoothing = 100

      local percent = math.floor(((current) * barLength) / goal)

      -- a new bar
      if (barDone and ((previous == -1) or (percent < previous))) then
         barDone = false
         previous = -1
         tm = ''
         timer = torch.Timer()
         times = {timer:time().real}
         indices = {current}
      else
         io.write('\r')
      end

      if not barDone then
         previous = percent
         local out = {' ['}
         for i = 1, barLength do
            if i < percent then out[#out + 1] = '='
            elseif i == percent then out[#out + 1] = '>'
            else out[#out + 1] = '.' end
         end
         out[#out + 1] = '] '
         out[#out + 1] = string.rep(' ', termLength - barLength - 4)
         out[#out + 1] = string.rep('\b', termLength - barLength - 4)
         io.write(table.concat(out))
         -- timing
         local elapsed = timer:time().real
         local step = (elapsed - times[1]) / (current - indices[1])
         if current == indices[1] then step = 0 end
         local remaining = math.max(0, (goal - current) * step)
         table.insert(indices, current)
         table.insert(times, elapsed)
         if #indices > smoothing then
            indices = table.splice(indices)
            times = table.splice(times)
         end
         if percent < barLength then
            tm = ' ETA: ' .. formatTime(remaining)
         else
            tm = ' Tot: ' .. formatTime(elapsed)
         end
         tm = tm .. ' | Step: ' .. formatTime(step)
         io.write(tm)
         -- back to the middle of the bar for the count
         io.write(string.rep('\b', math.floor(5 + #tm + barLength / 2)))
         io.write(' ', current, '/', goal, ' ')
         if percent == barLength then
            barDone = true
            io.write('\n')
         end
         io.write('\r')
         io.flush()
      end
   end
end

local function colors()
   if torch.isatty(io.stderr) then return '\27[1;31m', '\27[0m' end
   return '', ''
end

-- error with '<domain> ' in front of the message (red on a terminal)
function xlua.error(message, domain, usage)
   local red, none = colors()
   if domain then
      message = '<' .. domain .. '> ' .. message
   end
   local col_msg = red .. tostring(message) .. none
   if usage then
      col_msg = col_msg .. '\n' .. usage
   end
   error(col_msg)
end
rawset(_G, 'xerror', xlua.error)

function xlua.trycatch(try, catch)
   local ok, err = pcall(try)
   if not ok then catch(err) end
end

-- require that does not fail: prints the error and returns false
function xlua.require(package, luarocks, server)
   local loaded
   local ok, err = pcall(function() loaded = require(package) end)
   if not ok then
      print(err)
      print('warning: <' .. package .. '> could not be loaded (is it installed?)')
      return false
   end
   return loaded
end
rawset(_G, 'xrequire', xlua.require)

function xlua.installed(package)
   local p = package.searchpath and package.searchpath(package, _G.package.path)
   return p ~= nil, p
end

local function table_val_to_str(v)
   if type(v) == 'string' then
      v = string.gsub(v, '\n', '\\n')
      if string.match(string.gsub(v, '[^\'"]', ''), '^"+$') then
         return "'" .. v .. "'"
      end
      return '"' .. string.gsub(v, '"', '\\"') .. '"'
   else
      return type(v) == 'table' and xlua.table2string(v) or tostring(v)
   end
end

local function table_key_to_str(k)
   if type(k) == 'string' and string.match(k, '^[_%a][_%a%d]*$') then
      return k
   else
      return '[' .. table_val_to_str(k) .. ']'
   end
end

function xlua.table2string(tbl, newline)
   local result, done = {}, {}
   for k, v in ipairs(tbl) do
      table.insert(result, table_val_to_str(v))
      done[k] = true
   end
   local s = newline and ' : ' or '='
   for k, v in pairs(tbl) do
      if not done[k] then
         table.insert(result, table_key_to_str(k) .. s .. table_val_to_str(v))
      end
   end
   if newline then
      return '{\n   ' .. table.concat(result, '\n   ') .. '\n}'
   end
   return '{' .. table.concat(result, ',') .. '}'
end

-- print: tables as {k : v} lists, everything else as print does
function xlua.print(obj, ...)
   if type(obj) == 'table' and not torch.typename(obj) then
      print(xlua.table2string(obj, true))
   else
      print(obj, ...)
   end
end

-- the colours of usage(): sys.COLORS on a terminal, none otherwise
local function ucolors()
   if torch.isatty(io.stdout) then
      local ok, sys = pcall(require, 'sys')
      if ok and type(sys) == 'table' and sys.COLORS then return sys.COLORS end
   end
   return setmetatable({}, {__index = function() return '' end})
end

-- xlua.usage(funcname, description, example, ...): the help text of a function whose
-- arguments are described by {arg=, type=, help=, req=, default=, defaulta=} tables
-- (named: a {tabled = defs} table or defs with .arg; unnamed: lists separated by '')
function xlua.usage(funcname, description, example, ...)
   local c = ucolors()
   local style = {
      banner = '+++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++',
      list = c.blue .. '> ' .. c.none,
      title = c.Magenta,
      pre = c.cyan,
      none = c.none,
   }
   local str = style.banner .. '\n'
   str = str .. style.title .. funcname .. style.none .. '\n'
   if description then
      str = str .. '\n' .. description .. '\n'
   end
   str = str .. '\n' .. style.list .. 'usage:\n' .. style.pre
   local args = {...}
   if args[1] and args[1].tabled then args = args[1].tabled end
   local function pad(key)
      if #key < 40 then key = key .. string.rep(' ', 40 - #key) end
      return key
   end
   if args[1] and args[1].arg then
      str = str .. funcname .. '{\n'
      for _, param in ipairs(args) do
         local key
         if param.req then
            key = '    ' .. param.arg .. ' = ' .. tostring(param.type)
         else
            key = '    [' .. param.arg .. ' = ' .. tostring(param.type) .. ']'
         end
         str = str .. pad(key) .. '-- ' .. tostring(param.help)
         if param.default or param.default == false then
            str = str .. '  [default = ' .. tostring(param.default) .. ']'
         elseif param.defaulta then
            str = str .. '  [default == ' .. param.defaulta .. ']'
         end
         str = str .. '\n'
      end
      str = str .. '}\n'
   else
      local idx = 1
      while true do
         local param
         str = str .. funcname .. '(\n'
         while true do
            param = args[idx]
            idx = idx + 1
            if not param or param == '' then break end
            local key
            if param.req then
               key = '    ' .. tostring(param.type)
            else
               key = '    [' .. tostring(param.type) .. ']'
            end
            str = str .. pad(key) .. '-- ' .. tostring(param.help) .. '\n'
         end
         str = str .. ')\n'
         if not param then break end
      end
   end
   str = str .. style.none
   if example then
      str = str .. '\n' .. style.pre .. example .. style.none .. '\n'
   end
   str = str .. style.banner
   return str
end

-- xlua.unpack({...}, funcname, description, def1, def2, ...): named ({k=v}) or ordered
-- arguments checked against the definitions; returns the table of values (by name and by
-- position, plus .usage) then the values in order. A missing required argument prints
-- the usage and raises 'error'.
function xlua.unpack(args, funcname, description, ...)
   local defs = {...}
   local function fusage()
      local example
      if #defs > 1 then
         example = funcname .. '{' .. defs[2].arg .. '=' .. tostring(defs[2].type) .. ', '
            .. defs[1].arg .. '=' .. tostring(defs[1].type) .. '}\n'
         example = example .. funcname .. '(' .. tostring(defs[1].type) .. ',' .. ' ...)'
      end
      return xlua.usage(funcname, description, example, {tabled = defs})
   end
   local usage = setmetatable({}, {__tostring = fusage})
   local iargs = {}
   if #args == 0 then
      print(tostring(usage))
      error('error', 2)
   elseif #args == 1 and type(args[1]) == 'table' and #args[1] == 0
      and torch.typename(args[1]) == nil then
      iargs = args[1]
   else
      for i = 1, #defs do iargs[defs[i].arg] = args[i] end
   end
   local dargs = {}
   for i = 1, #defs do
      local def = defs[i]
      if def.req and iargs[def.arg] == nil then
         local c = ucolors()
         print(c.Red .. 'missing argument: ' .. def.arg .. c.none)
         print(tostring(usage))
         error('error', 2)
      end
      dargs[def.arg] = iargs[def.arg]
      if dargs[def.arg] == nil then dargs[def.arg] = def.default end
      if dargs[def.arg] == nil and def.defaulta then dargs[def.arg] = dargs[def.defaulta] end
      dargs[i] = dargs[def.arg]
   end
   dargs.usage = usage
   return dargs, unpack(dargs, 1, #defs)
end

-- as unpack, and sets the named values on object
function xlua.unpack_class(object, args, funcname, description, ...)
   local dargs = xlua.unpack(args, funcname, description, ...)
   for k, v in pairs(dargs) do
      if type(k) ~= 'number' then object[k] = v end
   end
end

-- a package's help banner, also its tostring
function xlua.usage_module(module, name, description)
   local c = ucolors()
   local str = c.magenta
   str = str .. '+++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++\n'
   str = str .. 'PACKAGE:\n' .. name .. '\n'
   if description then
      str = str .. '\nDESC:\n' .. description .. '\n'
   end
   str = str .. '++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++'
   str = str .. c.none
   local mt = getmetatable(module) or {}
   setmetatable(module, mt)
   mt.__tostring = function() return str end
   return str
end

-- table.prune(tbl): the distinct values of tbl's array part (in no particular order)
function table.prune(tbl)
   local hashes = {}
   for _, v in ipairs(tbl) do hashes[v] = true end
   local ntbl = {}
   for v in pairs(hashes) do table.insert(ntbl, v) end
   return ntbl
end

-- string.tosymbol('a.b.c'): the value that expression names
function string.tosymbol(str)
   local f = loadstring('return ' .. str)
   local ok, result = false, 'invalid symbol "' .. str .. '"'
   if f then ok, result = pcall(f) end
   if not ok then
      error(result, 2)
   elseif not result then
      error('symbol "' .. str .. '" does not exist', 2)
   end
   return result
end

-- xlua.OptionParser(usage): torch7's optparse-style parser of the script's `arg`.
-- op:option{'-d', '--dir', action='store'|'store_true'|'store_false', dest=, help=,
-- default=, req=, metavar=}; op:parse([options]) -> options, args ("--flag=value" is split;
-- -h/--help prints the help and exits; a bad or missing option prints why, the help, and
-- exits with status 1); op:help(), op:tostring([forname, params]), op:summarize([forname]).
local OptionParser = {}

function xlua.OptionParser(usage)
   local self = {usage = usage, option_descriptions = {}, option_of = {}}
   for k, v in pairs(OptionParser) do self[k] = v end
   self:option{'-h', '--help', action = 'store_true', dest = 'help',
               help = 'show this help message and exit'}
   return self
end

function OptionParser:fail(s)
   io.stderr:write(s .. '\n')
   self:help()
   os.exit(1)
end

function OptionParser:option(optdesc)
   table.insert(self.option_descriptions, optdesc)
   for _, flag in ipairs(optdesc) do self.option_of[flag] = optdesc end
end

function OptionParser:parse(options)
   options = options or {}
   local args = {}
   for _, d in ipairs(self.option_descriptions) do
      if d.default ~= nil and options[d.dest] == nil then options[d.dest] = d.default end
   end
   local argv = rawget(_G, 'arg')
   if not argv then
      options.__main__ = false
      self.options = options
      return options, args
   end
   options.__main__ = true
   local words = {}
   for i = 1, #argv do
      local flag, val = argv[i]:match('^(%-%-%w+)=(.*)')
      if flag then
         words[#words + 1] = flag; words[#words + 1] = val
      else
         words[#words + 1] = argv[i]
      end
   end
   local i = 1
   while i <= #words do
      local w = words[i]
      local d = self.option_of[w]
      if d then
         local val = d.default
         if d.action == nil or d.action == 'store' then
            i = i + 1
            val = words[i] or d.default
            if not val then self:fail('option requires an argument ' .. w) end
         elseif d.action == 'store_true' then
            val = true
         elseif d.action == 'store_false' then
            val = false
         end
         options[d.dest] = val
      else
         if w:match('^%-') then self:fail('invalid option ' .. w) end
         args[#args + 1] = w
      end
      i = i + 1
   end
   for flag, d in pairs(self.option_of) do
      if d.req and not options[d.dest] then
         self:fail('option ' .. flag .. ' requires an argument ')
      end
   end
   if options.help then
      self:help()
      os.exit()
   end
   self.options = options
   return options, args
end

-- '-d DIR, --dir=DIR' (the flags of one option, with its metavar when it takes a value)
function OptionParser:flags(optdesc)
   local out = {}
   local takes = optdesc.action == nil or optdesc.action == 'store'
   for _, flag in ipairs(optdesc) do
      local tail = ''
      if takes then
         local metavar = optdesc.metavar or optdesc.dest:upper()
         tail = (#flag == 2) and (' ' .. metavar) or ('=' .. metavar)
      end
      out[#out + 1] = flag .. tail
   end
   return table.concat(out, ', ')
end

function OptionParser:help()
   local argv = rawget(_G, 'arg')
   local prog = (argv and argv[-1] and (argv[-1] .. ' ' .. argv[0])) or (argv and argv[0]) or 'THISPROG'
   io.stdout:write('Usage: ' .. self.usage:gsub('%%prog', (prog:gsub('%%', '%%%%'))) .. '\n')
   io.stdout:write('\n')
   io.stdout:write('Options:\n')
   local pad = 0
   for _, d in ipairs(self.option_descriptions) do pad = math.max(pad, #self:flags(d)) end
   for _, d in ipairs(self.option_descriptions) do
      local defstr = ''
      if d.req then
         defstr = ' [REQUIRED]'
      elseif d.default then
         defstr = ' [default = ' .. tostring(d.default) .. ']'
      end
      local flags = self:flags(d)
      io.stdout:write('  ' .. flags .. string.rep(' ', pad - #flags) .. '  ' .. d.help .. defstr .. '\n')
   end
end

-- the parsed options: a '<script> configuration:' listing, or (forname) 'flag=value,...'
-- for a file name, restricted to the flags in params when it lists any
function OptionParser:tostring(forname, params)
   if not forname then
      local argv = rawget(_G, 'arg')
      local str = '<' .. ((argv and argv[0]) or 'interpreted.lua'):gsub('.lua', '') .. '> configuration:\n'
      for k, v in pairs(self.options) do
         str = str .. ' + ' .. k .. ' = ' .. tostring(v) .. '\n'
      end
      return str
   end
   params = params or {}
   local parts = {}
   for _, d in ipairs(self.option_descriptions) do
      local key = d[1]
      local match = #params == 0
      for _, p in ipairs(params) do
         if p == key then match = true; break end
      end
      local val = self.options[d.dest]
      if val and match then parts[#parts + 1] = key .. '=' .. tostring(val) end
   end
   return (table.concat(parts, ','):gsub('/', '|'):gsub(' ', '_'))
end

function OptionParser:summarize(compact)
   io.write(self:tostring(compact))
end

return xlua
