-- torch.CmdLine: command-line options for scripts (torch7-api.md §1.9).
--   cmd:text(s), cmd:option('-name', default, help[, type]), cmd:argument(key, help[, type]),
--   cmd:parse(arg) -> params (-h/-help/--help print the usage and exit),
--   cmd:string(prefix, params, ignore), cmd:log(file, params), cmd:addTime(name, fmt), cmd:silent()
require 'torch'
local CmdLine = torch.class('torch.CmdLine')

local function bare(key) return (key:match('^%-*(.*)$')) end

function CmdLine:__init(argsep, keysep)
   self.argseparator = argsep or ','
   self.keyseparator = keysep or '='
   self.options = {}
   self.arguments = {}
   self.helplines = {}
   self.dateformat = nil
   self.silentio = false
end

function CmdLine:text(txt)
   txt = txt or ''
   if type(txt) ~= 'string' then error('CmdLine:text expects a string, got ' .. type(txt), 2) end
   self.helplines[#self.helplines + 1] = txt
end

function CmdLine:option(key, default, help, ty)
   if default == nil then error('option ' .. tostring(key) .. ' has no default value', 2) end
   ty = ty or type(default)
   if type(default) ~= ty then error('option ' .. key .. ' has wrong default type value', 2) end
   local o = {key = key, default = default, help = help, type = ty}
   self.options[key] = o
   self.helplines[#self.helplines + 1] = o
end

function CmdLine:argument(key, help, ty)
   local a = {key = key, help = help, type = ty}
   self.arguments[#self.arguments + 1] = a
   self.helplines[#self.helplines + 1] = a
end

function CmdLine:silent() self.silentio = true end

function CmdLine:addTime(name, fmt)
   fmt = fmt or '%Y-%m-%d %H:%M:%S'
   if type(fmt) ~= 'string' then error('Argument has to be string', 2) end
   self.dateformat = fmt .. (name and ('[' .. name .. ']: ') or '')
end

function CmdLine:default()
   local p = {}
   for k, o in pairs(self.options) do p[bare(k)] = o.default end
   return p
end

function CmdLine:error(msg)
   print('')
   io.stderr:write(msg)
   print('')
   self:help()
   os.exit(1)
end

local function read_option(self, params, arg, i)
   local key = arg[i]
   local o = self.options[key]
   if o.type == 'boolean' then
      params[bare(key)] = not o.default      -- a flag flips its default
      return 1
   end
   local v = arg[i + 1]
   if v == nil then self:error('missing argument for option ' .. key) end
   if o.type == 'number' then
      v = tonumber(v)
   elseif o.type ~= 'string' then
      self:error('unknown required option type ' .. tostring(o.type))
   end
   if v == nil then self:error('invalid type for option ' .. key .. ' (should be ' .. o.type .. ')') end
   params[bare(key)] = v
   return 2
end

local function read_argument(self, params, arg, i, n)
   local a = self.arguments[n]
   local v = arg[i]
   if a == nil then self:error('invalid argument: ' .. tostring(v)) end
   if a.type and type(v) ~= a.type then
      self:error('invalid argument type for argument ' .. a.key .. ' (should be ' .. a.type .. ')')
   end
   params[bare(a.key)] = v
   return 1
end

function CmdLine:parse(arg)
   arg = arg or {}
   local params = self:default()
   local i, nargs = 1, 0
   while i <= #arg do
      local a = arg[i]
      if a == '-h' or a == '-help' or a == '--help' then
         self:help(arg)
         os.exit(0)
      end
      if self.options[a] then
         i = i + read_option(self, params, arg, i)
      else
         nargs = nargs + 1
         i = i + read_argument(self, params, arg, i, nargs)
      end
   end
   if nargs ~= #self.arguments then self:error('not enough arguments') end
   return params
end

-- a directory name from the options that differ from their defaults
function CmdLine:string(prefix, params, ignore)
   prefix = prefix or ''
   ignore = ignore or {}
   local args, opts = {}, {}
   for k, v in pairs(params) do
      local o = self.options['-' .. k]
      if ignore[k] then
         print('-- ignore option ' .. k)
      elseif o then
         if v ~= o.default or ignore[k] == false then
            if type(v) == 'boolean' then v = v and 't' or 'f' end
            opts[#opts + 1] = k .. self.keyseparator .. tostring(v)
            print(k, v, o.default)
         end
      else
         local pos
         for j, a in ipairs(self.arguments) do if bare(a.key) == k then pos = j end end
         if pos then args[pos] = k .. self.keyseparator .. tostring(v)
         else print('WARNING: unknown option/argument: ' .. k .. ' IGNORING for DIRECTORY NAME') end
      end
   end
   table.sort(opts)
   local parts = {}
   for j = 1, #self.arguments do if args[j] then parts[#parts + 1] = args[j] end end
   for _, o in ipairs(opts) do parts[#parts + 1] = o end
   local s = table.concat(parts, self.argseparator)
   if s == '' then return prefix end
   return prefix .. self.argseparator .. s
end

-- print also goes to `file` (with the date first when addTime was called)
function CmdLine:log(file, params)
   local f = io.open(file, 'w')
   if not f then error('CmdLine:log: cannot open ' .. tostring(file) .. ' for writing', 2) end
   local screen = print
   local cmd = self
   print = function(...)
      if not cmd.silentio then screen(...) end
      local n = select('#', ...)
      local parts = {}
      if cmd.dateformat then parts[#parts + 1] = os.date(cmd.dateformat) end
      for j = 1, n do parts[#parts + 1] = tostring((select(j, ...))) end
      parts[#parts + 1] = '\n'
      f:write(table.concat(parts, ' '))
      f:flush()
   end
   print('[program started on ' .. os.date() .. ']')
   print('[command line arguments]')
   for k, v in pairs(params or {}) do print(k, v) end
   print('[----------------------]')
end

function CmdLine:help(arg)
   local out = {'Usage: '}
   if arg and arg[0] then out[#out + 1] = arg[0] .. ' ' end
   out[#out + 1] = '[options] '
   for _, a in ipairs(self.arguments) do out[#out + 1] = '<' .. bare(a.key) .. '>' end
   out[#out + 1] = '\n'
   local width = 0
   for _, h in ipairs(self.helplines) do
      if type(h) == 'table' then
         local w = h.default ~= nil and #h.key or #bare(h.key) + 2
         if w > width then width = w end
      end
   end
   for _, h in ipairs(self.helplines) do
      if type(h) == 'table' then
         local name = h.default ~= nil and h.key or ('<' .. bare(h.key) .. '>')
         out[#out + 1] = '  ' .. name .. string.rep(' ', width - #name)
         if h.help then out[#out + 1] = ' ' .. h.help end
         if h.default ~= nil then out[#out + 1] = ' [' .. tostring(h.default) .. ']' end
      else
         out[#out + 1] = h
      end
      out[#out + 1] = '\n'
   end
   io.write(table.concat(out))
   io.flush()
end

return CmdLine
