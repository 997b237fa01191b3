-- pl.lapp: Penlight's command-line parser driven by the usage text, as torch scripts use it
-- (`opt = lapp[[ -r,--learningRate (default 0.05) learning rate ... ]]`; th loads Penlight, so
-- `lapp` is also a global on first use, lua/torch/utils.lua).
--   -s,--save (default "logs") help    a flag taking a value; the key is the long name
--   -f,--full  help                    a boolean flag (false unless given)
--   <input> (string) help              a positional parameter; <files...> collects the rest
-- Types in the parentheses: string, number, boolean, file-in, file-out, a range 1..10, an
-- enumeration a|b|c, or a type followed by `default <value>`; without a default the
-- parameter is required. Command lines take -x value, -xvalue (digits), -abc (three flags),
-- --name value, --name=value; -h/--help prints the usage. Errors print '<script>: <message>'
-- and the usage to stderr and exit with status 1.
local lapp = {}

lapp.callback = false
lapp.show_usage_error = true

local usage, script = '', 'inter'
local parms, aliases, parmlist, types, open_files

local filetypes = {
   stdin = {io.stdin, 'file-in'}, stdout = {io.stdout, 'file-out'}, stderr = {io.stderr, 'file-out'},
}
local builtin_types = {string = true, number = true, ['file-in'] = 'file', ['file-out'] = 'file', boolean = true}

local function strip(s) return (s:gsub('^%s+', ''):gsub('%s+$', '')) end

function lapp.quit(msg, no_usage)
   if no_usage == 'throw' then error(msg) end
   if msg then io.stderr:write(msg .. '\n\n') end
   if not no_usage then io.stderr:write(usage) end
   os.exit(1)
end

function lapp.error(msg, no_usage)
   if not lapp.show_usage_error then
      no_usage = true
   elseif lapp.show_usage_error == 'throw' then
      no_usage = 'throw'
   end
   lapp.quit(script .. ': ' .. msg, no_usage)
end

function lapp.open(file, mode)
   local f, err = io.open(file, mode)
   if not f then lapp.error(err, true) end
   table.insert(open_files, f)
   return f
end

function lapp.assert(cond, msg)
   if not cond then lapp.error(msg) end
end

function lapp.add_type(name, converter, constraint)
   types[name] = {converter = converter, constraint = constraint}
end

local function tonumber_or_quit(s)
   local v = tonumber(s)
   if not v then lapp.error('unable to convert to number: ' .. s) end
   return v
end

local function convert(ps, val)
   if ps.converter then val = ps.converter(val) end
   if ps.type == 'number' then
      val = tonumber_or_quit(val)
   elseif builtin_types[ps.type] == 'file' then
      val = lapp.open(val, ps.type == 'file-in' and 'r' or 'w')
   elseif ps.type == 'boolean' then
      val = true
   end
   if ps.constraint then ps.constraint(val) end
   return val
end

-- '(default 3)', '(default "x")', '(default stdin)': the value and its type
local function default_value(sval, vtype)
   local v
   if not vtype or vtype == 'number' then v = tonumber(sval) end
   if v then return v, 'number' end
   if filetypes[sval] then return filetypes[sval][1], filetypes[sval][2] end
   if sval:match('^["\']') then sval = sval:sub(2, -2) end
   return sval, vtype or 'string'
end

-- one line of the usage text -> name and the text after the flag/parameter (nil: a doc line)
local function parse_spec_line(line)
   local short, long, rest = line:match('^%-([%a_][%w_]*)%s*,%s*%-%-([%a_][%w_%-]*)%s*(.*)$')
   if not short then short, rest = line:match('^%-([%a_][%w_]*)%s*(.*)$') end
   if not short then long, rest = line:match('^%-%-([%a_][%w_%-]*)%s*(.*)$') end
   if short or long then
      local name
      if long then
         name = long:gsub('[^%w%-]', '_')
         if short then aliases[short] = name end
      else
         name = short
      end
      if short and #short ~= 1 then lapp.error(short .. ': short parameters should be one character') end
      local r, n = rest:gsub('^%.%.%.%s*', '')
      return name, r, n > 0
   end
   local pname
   pname, rest = line:match('^<([^>]*)>%s*(.*)$')
   if pname then
      local base, dots = pname:match('([^%.]+)(.*)')
      base = (base or pname):gsub('%A', '_')
      table.insert(parmlist, base)
      return base, rest, dots == '...'
   end
end

-- the parenthesised spec after a flag/parameter -> ps record
local function parse_type(name, rest)
   local spec = rest:match('^(%b())')
   if not spec then
      return {type = 'boolean', defval = false, required = false, comment = rest}
   end
   spec = strip(spec:sub(2, -2))
   local comment = strip(rest:sub(#rest:match('^(%b())') + 1))
   local ftype, tail = spec:match('^(%S+)(.*)$')
   ftype = ftype or ''
   tail = strip(tail or '')
   local vtype, constraint, defval
   local has_default = false
   if ftype == 'default' then
      has_default = true
      if tail == '' then lapp.error('value must follow default') end
   else
      local lo, hi = ftype:match('^([%-%+]?[%d%.eE]+)%.%.([%-%+]?[%d%.eE]+)$')
      if lo and tonumber(lo) and tonumber(hi) then
         lo, hi = tonumber(lo), tonumber(hi)
         vtype = 'number'
         constraint = function(x) lapp.assert(lo <= x and hi >= x, name .. ' out of range') end
      elseif not ftype:find('|', 1, true) then
         vtype = ftype
      else
         local enums = ftype
         vtype = 'string'
         constraint = function(s)
            lapp.assert(('|' .. enums .. '|'):find('|' .. s .. '|', 1, true),
                        "value '" .. s .. "' not in " .. enums)
         end
      end
      local d = tail:match('^default%s+(.*)$')
      if d then has_default = true; tail = d end
   end
   if has_default then defval, vtype = default_value(tail, vtype) end
   local ps = {type = vtype, defval = defval, required = defval == nil, comment = comment,
               constraint = constraint}
   if types[vtype] then
      local conv = types[vtype].converter
      if type(conv) == 'string' then ps.type = conv else ps.converter = conv end
      ps.constraint = types[vtype].constraint
   elseif not builtin_types[vtype] then
      lapp.error(tostring(vtype) .. ' is unknown type')
   end
   return ps
end

function lapp.process_options_string(str, args)
   local results = {}
   local argv = args or rawget(_G, 'arg') or {}
   open_files, parms, aliases, parmlist, types = {}, {}, {}, {}, {}
   usage = str

   local function set_result(ps, parm, val)
      if type(parm) == 'string' then parm = parm:gsub('%W', '_') end
      if not ps.varargs then
         results[parm] = val
      elseif results[parm] == nil then
         results[parm] = {val}
      else
         table.insert(results[parm], val)
      end
   end

   for line in str:gmatch('([^\n]*)\n') do
      local name, rest, varargs = parse_spec_line((line:gsub('^%s+', '')))
      if name then
         local ps = parse_type(name, rest)
         ps.varargs = varargs
         parms[name] = ps
      end
   end

   -- the command line (argv is extended in place, as Penlight does)
   local iparm, iextra, i = 1, 1, 1
   while i <= #argv do
      local a = argv[i]
      local parm, ps, val
      local long = a:match('^%-%-(%S+)')
      local short = not long and a:match('^%-(%S+)')
      if long or short then
         local function split_eq(p)
            local eq = p:find('=', 1, true)
            if eq then
               table.insert(argv, i + 1, p:sub(eq + 1))
               p = p:sub(1, eq - 1)
            end
            return p, eq
         end
         if long then
            parm = split_eq(long)
         elseif #short == 1 then
            parm = short
         else
            local p, eq = split_eq(short)
            if eq then
               parm = p
            else
               parm = p:sub(1, 1)
               if p:sub(2, 2):find('^%d$') then
                  table.insert(argv, i + 1, p:sub(2))       -- -n10
               else
                  for k = 2, #p do table.insert(argv, i + k - 1, '-' .. p:sub(k, k)) end  -- -abc
               end
            end
         end
         if parm == 'h' or parm == 'help' then lapp.quit() end
         if aliases[parm] then parm = aliases[parm] end
      else
         parm = parmlist[iparm]
         if not parm then
            parm = iextra
            parms[parm] = {type = 'string'}
            iextra = iextra + 1
         elseif not parms[parm].varargs then
            iparm = iparm + 1
         end
         val = a
      end
      ps = parms[parm]
      if not ps then lapp.error('unrecognized parameter: ' .. parm) end
      if ps.type ~= 'boolean' and val == nil then
         i = i + 1
         val = argv[i]
         lapp.assert(val, parm .. ' was expecting a value')
      end
      ps.used = true
      val = convert(ps, val)
      set_result(ps, parm, val)
      if builtin_types[ps.type] == 'file' then set_result(ps, parm .. '_name', a) end
      if lapp.callback then lapp.callback(parm, a, {}) end
      i = i + 1
   end

   for parm, ps in pairs(parms) do
      if not ps.used then
         if ps.required then lapp.error('missing required parameter: ' .. parm) end
         set_result(ps, parm, ps.defval)
      end
   end
   return results
end

do
   local argv = rawget(_G, 'arg')
   if argv and argv[0] then
      script = tostring(argv[0]):gsub('.+[\\/]', ''):gsub('%.%a+$', '')
   end
end

return setmetatable(lapp, {
   __call = function(_, str, args) return lapp.process_options_string(str, args) end,
})
