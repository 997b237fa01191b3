-- csvigo (luarocks' csvigo, formerly torch-pkg's `csv`): CSV files read and written as lists
-- of string fields. csvigo.File(path, mode, separator, nan_as_missing) reads/writes records;
-- csvigo.load{path=, separator=',', mode='tidy'|'raw'|'query'|'large', header=true,
-- verbose=true, skip=0, column_order=false} and csvigo.save{path=, data=, separator=,
-- mode='autodetect', header=true, verbose=true, column_order=, nan_as_missing=false}.
-- Fields are always strings ('"1"' -> '1'); torch.Tensor(list) converts numeric strings.
-- 'large' mode returns the same list as 'raw' (rows are decoded up front).
require 'torch'
require 'xlua'

csvigo = csvigo or {}
package.loaded.csvigo = csvigo

-- errors name the user's file:line (this file counts as library code for torch._error)
table.insert(torch._libdirs, '@' .. package.searchpath('csvigo', package.path))
local function fail(msg) torch._error(msg) end

-- one record -> a CSV line: fields holding the separator or '"' are quoted, '"' doubled
local function field(v, sep, nan_as_missing)
   if nan_as_missing and v ~= v then return '' end
   local s = tostring(v)
   if s:find('"', 1, true) or s:find(sep, 1, true) then
      s = '"' .. s:gsub('"', '""') .. '"'
   end
   return s
end

local function tocsv(t, sep, nan_as_missing)
   local out = {}
   for _, v in pairs(t) do out[#out + 1] = field(v, sep, nan_as_missing) end
   return table.concat(out, sep)
end

-- a CSV line -> list of strings; a ' ' separator matches any run of blanks
local function fromcsv(s, sep)
   local t = {}
   local n = #s
   local pos = 1
   local function next_sep(from)
      if sep == ' ' then return s:find('%s+', from) end
      return s:find(sep, from, true)
   end
   while true do
      if s:sub(pos, pos) == '"' then
         local parts = {}
         local i = pos + 1
         while true do
            local q = s:find('"', i, true)
            if not q then fail('unmatched "') end
            parts[#parts + 1] = s:sub(i, q - 1)
            if s:sub(q + 1, q + 1) == '"' then
               parts[#parts + 1] = '"'
               i = q + 2
            else
               i = q + 1
               break
            end
         end
         t[#t + 1] = table.concat(parts)
         local a, b = next_sep(i)
         if not a then break end
         pos = b + 1
      else
         local a, b = next_sep(pos)
         if not a then
            t[#t + 1] = s:sub(pos)
            break
         end
         t[#t + 1] = s:sub(pos, a - 1)
         pos = b + 1
      end
      if pos > n then
         t[#t + 1] = ''   -- a line ending in a separator has an empty last field
         break
      end
   end
   return t
end
csvigo._fromcsv = fromcsv
csvigo._tocsv = tocsv

local File = torch.class('csvigo.File')

function File:__init(filepath, mode, separator, nan_as_missing)
   self.filepath = filepath
   local f, msg = io.open(filepath, mode)
   if not f then fail(msg) end
   self.file = f
   self.separator = separator or ','
   self.nan_as_missing = nan_as_missing or false
end

function File:close() self.file:close() end

function File:lines() return self.file:lines() end

-- next record, or nil at the end of the file
function File:read()
   local line = self.file:read('*l')
   if not line then return nil end
   return fromcsv((line:gsub('\r', '')), self.separator)
end

-- every remaining record
function File:readall(mode)
   local res = {}
   for line in self.file:lines() do
      res[#res + 1] = fromcsv((line:gsub('\r', '')), self.separator)
   end
   return res
end

function File:write(a)
   local ok, msg = self.file:write(tocsv(a, self.separator, self.nan_as_missing), '\n')
   if not ok then fail(msg) end
end

function File:writeall(a)
   for _, entry in ipairs(a) do self:write(entry) end
   return true
end

local function expand_home(path)
   return (path:gsub('^~', os.getenv('HOME') or '~'))
end

function csvigo.load(...)
   local args, path, separator, mode, header, verbose, skip = xlua.unpack(
      {...},
      'csvigo.load',
      'Load a CSV file, according to the specified mode:\n'
      .. ' - raw   : no clean up, return a raw list of lists, a 1-to-1 mapping to the CSV file\n'
      .. ' - tidy  : return a clean table, where each entry is a variable that points to its values\n'
      .. ' - query : return the tidy table, as well as query operators\n'
      .. ' - large : returns a table that decodes rows on the fly, on indexing ',
      {arg='path',         type='string',  help='path to file', req=true},
      {arg='separator',    type='string',  help='separator (one character)', default=','},
      {arg='mode',         type='string',  help='load mode: raw | tidy | query', default='tidy'},
      {arg='header',       type='boolean', help='file has a header (variable names)', default=true},
      {arg='verbose',      type='boolean', help='verbose load', default=true},
      {arg='skip',         type='number',  help='skip this many lines at start of file', default=0},
      {arg='column_order', type='boolean', help='return csv\'s column order in tidy mode', default=false}
   )
   path = expand_home(path)
   local function vprint(...) if verbose then print('<csv>', ...) end end

   vprint('parsing file: ' .. path)
   if mode ~= 'raw' and mode ~= 'large' and mode ~= 'tidy' and mode ~= 'query' then
      print(args.usage)
      fail('unknown mode')
   end
   local f = csvigo.File(path, 'r', separator)
   local loaded = f:readall(mode)
   f:close()

   if mode == 'raw' or mode == 'large' then
      vprint('parsing done')
      return loaded
   end

   vprint('tidying up entries')
   local tidy, i2key = {}, {}
   local start = 1 + skip
   if header then
      i2key = loaded[start] or {}
      start = start + 1
   else
      for i = 1, #(loaded[start] or {}) do i2key[i] = 'var_' .. i end
   end
   for _, key in ipairs(i2key) do tidy[key] = {} end
   for r = start, #loaded do
      for i, val in ipairs(loaded[r]) do
         local col = tidy[i2key[i]]
         if col == nil then
            fail(string.format('%s: line %d has more fields (%d) than the header (%d)',
                               path, r, #loaded[r], #i2key))
         end
         col[#col + 1] = val
      end
   end
   if mode == 'tidy' then
      vprint('returning tidy table')
      if args.column_order then return i2key, tidy end
      return tidy
   end

   vprint('generating reversed index for fast queries')
   local revidx = {}
   for var, vals in pairs(tidy) do
      local idx = {}
      for i, val in ipairs(vals) do
         idx[val] = idx[val] or {}
         table.insert(idx[val], i)
      end
      revidx[var] = idx
   end

   local function query(...)
      local qargs, q, varvals = xlua.unpack(
         {...},
         'query',
         'This closure was automatically generated to query your data.\n'
         .. 'Example of query: query(\'union\', {var1={1}, var2={2,3,4}})\n'
         .. 'this query will return a subset of the original data, where var1 = 1 OR var2 = 2 or 3 or 4 \n'
         .. '\n'
         .. 'Other example of query: query(\'inter\', {var1={1}, var2={2,3,4}})\n'
         .. 'this query will return a subset of the original data, where var1 = 1 AND var2 = 2 or 3 or 4 \n'
         .. '\n'
         .. 'Other example of query: query(\'vars\')\n'
         .. 'this will return a list of the variable names\n'
         .. '\n'
         .. 'Other example of query: query() or query(\'all\')\n'
         .. 'this query will return the complete dataset',
         {arg='query', type='string', help='query: all | help | vars | inter | union', default='all'},
         {arg='vars',  type='table',  help='list of vars/vals'}
      )
      if q == 'help' then
         print(qargs.usage)
         return
      elseif q == 'vars' then
         local vars = {}
         for k in pairs(tidy) do vars[#vars + 1] = k end
         return vars
      elseif q == 'all' then
         return tidy
      end
      if type(varvals) ~= 'table' then fail('query \'' .. tostring(q) .. '\' needs a table of vars/vals') end
      for var, vals in pairs(varvals) do
         if type(vals) ~= 'table' then varvals[var] = {vals} end
      end
      local indices = {}
      if q == 'union' then
         for var, vals in pairs(varvals) do
            for _, val in ipairs(vals) do
               for _, i in ipairs((revidx[var] or {})[tostring(val)] or {}) do indices[#indices + 1] = i end
            end
         end
      else -- 'inter': rows that match every variable
         local hits, nvars = {}, 0
         for var, vals in pairs(varvals) do
            local seen = {}
            for _, val in ipairs(vals) do
               for _, i in ipairs((revidx[var] or {})[tostring(val)] or {}) do
                  if not seen[i] then seen[i] = true; hits[i] = (hits[i] or 0) + 1 end
               end
            end
            nvars = nvars + 1
         end
         for i, n in pairs(hits) do
            if n == nvars then indices[#indices + 1] = i end
         end
      end
      table.sort(indices)
      local filtered = {}
      for k in pairs(tidy) do filtered[k] = {} end
      for j, i in ipairs(indices) do
         if i ~= indices[j - 1] then
            for k, col in pairs(tidy) do table.insert(filtered[k], col[i]) end
         end
      end
      return filtered
   end

   vprint('returning query closure, type query(\'help\') to get help')
   return query
end

function csvigo.save(...)
   local args, path, data, separator, mode, header, verbose = xlua.unpack(
      {...},
      'csvigo.save',
      'Save a table as a CSV file; the table is represented as:\n'
      .. ' - raw   : a list of lists (rows of fields)\n'
      .. ' - tidy  : a table where each entry is a variable that points to its values\n'
      .. ' - query : a query closure returned by csvigo.load',
      {arg='path',           type='string',  help='path to file', req=true},
      {arg='data',           type='table',   help='table to save as a CSV file', req=true},
      {arg='separator',      type='string',  help='separator (one character)', default=','},
      {arg='mode',           type='string',  help='table to save is represented as: raw | tidy | query', default='autodetect'},
      {arg='header',         type='boolean', help='table has a header (variable names)', default=true},
      {arg='verbose',        type='boolean', help='verbose load', default=true},
      {arg='column_order',   type='table',   help='Write csv according to given column order', default=nil},
      {arg='nan_as_missing', type='boolean', help='Save nan values (0/0) as missing', default=false}
   )
   path = expand_home(path)
   local function vprint(...) if verbose then print('<csv>', ...) end end

   vprint('writing to file: ' .. path)
   if mode == 'autodetect' then
      if type(data) == 'function' then mode = 'query'
      elseif type(data) == 'table' then mode = (#data == 0) and 'tidy' or 'raw'
      else fail('cannot autodetect mode, incorrect data type') end
   end
   if mode ~= 'raw' and mode ~= 'tidy' and mode ~= 'query' then
      print(args.usage)
      fail('unknown mode')
   end
   local f = csvigo.File(path, 'w', separator, args.nan_as_missing)
   if mode == 'raw' then
      f:writeall(data)
      vprint('writing done')
   else
      if mode == 'query' then
         vprint('generating tidy table')
         data = data('all')
      end
      vprint('exporting tidy table to raw CSV')
      local vars = {}
      if args.column_order then
         for _, var in ipairs(args.column_order) do vars[#vars + 1] = var end
      else
         for var in pairs(data) do vars[#vars + 1] = var end
      end
      local raw = {}
      for _, var in ipairs(vars) do
         for i, val in ipairs(data[var] or {}) do
            raw[i] = raw[i] or {}
            table.insert(raw[i], val)
         end
      end
      if header then f:write(vars) end
      f:writeall(raw)
      vprint('writing done')
   end
   f:close()
end

return csvigo
