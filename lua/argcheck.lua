-- argcheck: torch/argcheck's argument checker. argcheck{ [help=...,] [pack=true,] [call=f,]
-- [quiet=true,] [nonamed=true,] [noordered=true,] [chain=f / overload=f,] {name=, type=, default=,
-- defaulta=, defaultf=, opt=, check=, help=}, ... } gives a function that takes the arguments in
-- order (optional ones may be left out) or as one table of named fields, checks their types
-- (torch.type, or class inheritance for torch classes), fills defaults and returns them (a table
-- with pack=true, or call(...)'s results). On a mismatch it prints the usage and raises
-- "invalid arguments" at the caller's line.
local argcheck_internals = setmetatable({}, {__mode = 'k'})

-- a torch object matches its class name as a Lua pattern ('torch.*Tensor') or a parent class
local function istype(obj, typename)
   if typename == nil then return obj ~= nil end
   if typename == '*' then return true end
   if typename == 'nil' then return obj == nil end
   local thname = torch.typename(obj)
   if thname then
      local ok, m = pcall(string.match, thname, typename)
      if ok and m == thname then return true end
      local mt = torch.getmetatable(thname)
      while type(mt) == 'table' do
         if rawget(mt, '__typename') == typename then return true end
         mt = getmetatable(mt)
      end
      return false
   end
   return type(obj) == typename
end

local function isopt(rule)
   return rule.opt or rule.default ~= nil or rule.defaulta or rule.defaultf
end

local function argt(rules)
   local txt = {'```'}
   txt[#txt + 1] = (rules.noordered and '' or '(') .. (rules.nonamed and '' or '{')
   local size = 0
   for _, rule in ipairs(rules) do size = math.max(size, #rule.name) end
   local arg, hlp = {}, {}
   for _, rule in ipairs(rules) do
      local o = isopt(rule)
      arg[#arg + 1] = (o and '[' or ' ') .. rule.name .. string.rep(' ', size - #rule.name)
         .. (rule.type and (' = ' .. rule.type) or '') .. (o and ']' or '')
      local default = ''
      if rule.defaulta then default = string.format(' [defaulta=%s]', rule.defaulta)
      elseif rule.defaultf then default = ' [has default]'
      elseif rule.default ~= nil then
         local d = rule.default
         if type(d) == 'string' or type(d) == 'number' then default = string.format(' [default=%s]', d)
         elseif type(d) == 'boolean' then default = string.format(' [default=%s]', tostring(d))
         else default = ' [has default value]' end
      end
      hlp[#hlp + 1] = (rule.help or '') .. (rule.doc or '') .. default
   end
   local w = 0
   for i = 1, #arg do w = math.max(w, #arg[i]) end
   for i = 1, #arg do
      txt[#txt + 1] = string.format('  %s %s -- %s', arg[i], string.rep(' ', w - #arg[i]), hlp[i])
   end
   txt[#txt + 1] = (rules.nonamed and '' or '}') .. (rules.noordered and '' or ')')
   txt[#txt + 1] = '```'
   return table.concat(txt, '\n')
end

local function argp(rules)
   local txt = {}
   for i, rule in ipairs(rules) do
      local o = isopt(rule)
      txt[#txt + 1] = (o and '[' or '') .. (i == 1 and '' or ', ') .. rule.name .. (o and ']' or '')
   end
   return table.concat(txt)
end

local function usage_of(rules)
   local doc = rules.help or rules.doc
   if doc then
      doc = doc:gsub('@ARGP', function() return argp(rules) end)
      doc = doc:gsub('@ARGT', function() return argt(rules) end)
   else
      doc = '\n*Arguments:*\n' .. argt(rules)
   end
   return doc
end

local function valid(rule, v)
   if v == nil then return rule.opt and true or false end
   if rule.type and not istype(v, rule.type) then return false end
   if rule.check and not rule.check(v) then return false end
   return true
end

local function finish(rules, vals)
   for i, rule in ipairs(rules) do
      if vals[i] == nil and rule.defaultf then vals[i] = rule.defaultf() end
   end
   for i, rule in ipairs(rules) do
      if vals[i] == nil and rule.defaulta then
         for j, r in ipairs(rules) do if r.name == rule.defaulta then vals[i] = vals[j] end end
      end
   end
   return vals
end

-- vals (by rule index) if the arguments match, nil otherwise
local function match(rules, n, ...)
   local nrule = #rules
   if not rules.noordered then
      local opts = {}
      for i, rule in ipairs(rules) do if isopt(rule) then opts[#opts + 1] = i end end
      local nreq = nrule - #opts
      if n >= nreq and n <= nrule then
         for mask = 0, 2 ^ #opts - 1 do
            local present, cnt = {}, 0
            for b, ri in ipairs(opts) do
               if bit.band(mask, 2 ^ (b - 1)) ~= 0 then present[ri] = true; cnt = cnt + 1 end
            end
            if nreq + cnt == n then
               local vals, ok, a = {}, true, 1
               for i, rule in ipairs(rules) do
                  if isopt(rule) and not present[i] then
                     vals[i] = rule.default
                  else
                     local v = select(a, ...)
                     a = a + 1
                     if not valid(rule, v) and not (v == nil and rule.opt) then ok = false; break end
                     vals[i] = v
                  end
               end
               if ok then return finish(rules, vals) end
            end
         end
      end
   end
   -- named: f{a=..}, or obj:f{a=..} when the first rule is self (as torch/argcheck)
   local named, tbl, self
   if not rules.nonamed then
      if n == 1 and istype((...), 'table') then
         named, tbl = true, ...
      elseif n == 2 and nrule >= 1 and rules[1].name == 'self' and istype(select(2, ...), 'table')
         and valid(rules[1], (...)) then
         named, self, tbl = true, ...
      end
   end
   if named then
      local vals = {}
      for i, rule in ipairs(rules) do
         local v = tbl[rule.name]
         if i == 1 and self ~= nil then v = self end
         if v == nil then
            if not isopt(rule) then return nil end
            vals[i] = rule.default
         elseif not valid(rule, v) then
            return nil
         else
            vals[i] = v
         end
      end
      return finish(rules, vals)
   end
   return nil
end

local function argcheck(rules)
   if type(rules) ~= 'table' then error('argcheck: a table of rules expected', 2) end
   if rules.noordered and rules.nonamed then error('rules must be at least ordered or named', 2) end
   for _, rule in ipairs(rules) do
      if not rule.name then error('rule must have a name field', 2) end
      if rule.type ~= nil and type(rule.type) ~= 'string' then error('rule type must be a string or nil', 2) end
      if rule.check ~= nil and type(rule.check) ~= 'function' then error('rule check must be a function or nil', 2) end
   end
   local usage = usage_of(rules)
   local docmod = package.loaded['argcheck.doc']
   if rules.doc and docmod and docmod.__record then docmod.doc(usage) end
   local nrule = #rules
   local chained = rules.chain or rules.overload
   local self
   self = function(...)
      local vals = match(rules, select('#', ...), ...)
      if not vals then
         local internals = argcheck_internals[self]
         for _, other in ipairs(internals.others) do
            local ov = match(other.rules, select('#', ...), ...)
            if ov then return other.finish(ov) end
         end
         if rules.quiet then return false, internals.usage end
         print(internals.usage)
         print()
         torch._error('invalid arguments')
      end
      local ret
      if rules.pack then
         ret = {}
         for i, rule in ipairs(rules) do ret[rule.name] = vals[i] end
         if rules.call then return rules.call(ret) end
         if rules.quiet then return true, ret end
         return ret
      end
      if rules.call then return rules.call(unpack(vals, 1, nrule)) end
      if rules.quiet then return true, unpack(vals, 1, nrule) end
      return unpack(vals, 1, nrule)
   end
   local internals = {rules = rules, usage = usage, others = {}}
   internals.finish = function(vals)
      if rules.pack then
         local ret = {}
         for i, rule in ipairs(rules) do ret[rule.name] = vals[i] end
         if rules.call then return rules.call(ret) end
         return ret
      end
      if rules.call then return rules.call(unpack(vals, 1, nrule)) end
      return unpack(vals, 1, nrule)
   end
   argcheck_internals[self] = internals
   if chained then
      -- chain/overload: the first function keeps answering, trying each set of rules in turn
      local head = argcheck_internals[chained]
      if not head then error('argcheck: chain/overload expects a function made by argcheck', 2) end
      table.insert(head.others, internals)
      head.usage = head.usage .. '\n\nor\n\n' .. usage
      return chained
   end
   return self
end

return argcheck
