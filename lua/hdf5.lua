-- hdf5: torch-hdf5's API (hdf5.open, file:read(path):all() / :partial(...), file:write(path,
-- tensor or table), dataspaceSize, getTensorFactory, DataSetOptions) over h5py
-- (luann/kernels/hdf5.py). A dataset reads as the tensor type torch-hdf5 picks from the HDF5
-- class and element size: 1-byte integers -> ByteTensor, 2 -> Short, 4 -> Int, 8 -> Long,
-- float32 -> Float, float64 -> Double. h5py is optional (pip install 'luann[hdf5]').
local torch = require 'torch'

local K = torch._bridge.pyimport('luann.kernels.hdf5')
local missing = K.available()
if missing ~= nil then
   torch._error("module 'hdf5' not found: luann's hdf5 needs the Python package h5py "
      .. "(pip install h5py, or pip install 'luann[hdf5]')")
end

local np, from_array = torch._C.np, torch._C.from_array

local hdf5 = rawget(_G, 'hdf5') or {}
rawset(_G, 'hdf5', hdf5)
package.loaded.hdf5 = hdf5

local function err(msg) torch._error(msg) end

-- a kernel call; a Python exception becomes "<user file:line>: <message>"
local function call(f, ...)
   local res = {pcall(f, ...)}
   if not res[1] then
      local m = tostring(res[2])
      m = m:match('ValueError: (.-)%s*$') or m:match('[%w]+Error: (.-)%s*$') or m
      err(m)
   end
   return unpack(res, 2)
end

local function split(path)
   local parts = {}
   for p in path:gmatch('[^/]+') do parts[#parts + 1] = p end
   return parts
end

local function join(parts) return '/' .. table.concat(parts, '/') end

local HDF5File = torch.class('hdf5.HDF5File')
local HDF5Group = torch.class('hdf5.HDF5Group')
local HDF5DataSet = torch.class('hdf5.HDF5DataSet')
local DataSetOptions = torch.class('hdf5.DataSetOptions')

--------------------------------------------------------------------------------------------------
-- files

--[[ hdf5.open(filename[, mode]): mode 'a' (default: read/write, created if missing), 'r'
(read-only), 'r+' (read/write, must exist), 'w' (create, truncate), 'w-' (create, fail if it
exists). ]]
function hdf5.open(filename, mode)
   if type(filename) ~= 'string' then
      err("bad argument #1 to 'hdf5.open' (string expected, got " .. type(filename) .. ")")
   end
   if mode ~= nil and type(mode) ~= 'string' then
      err("bad argument #2 to 'hdf5.open' (string expected, got " .. type(mode) .. ")")
   end
   local h, path = call(K.open_file, filename, mode or 'a')
   local f = torch.factory('hdf5.HDF5File')()
   f._handle, f._filename = h, path
   return f
end
HDF5File.open = hdf5.open

function HDF5File:__init() err('HDF5File: use hdf5.open(filename, mode)') end

function HDF5File:filename() return self._filename end

function HDF5File:__tostring() return '[HDF5File: ' .. tostring(self._filename) .. ']' end

local function handle(obj)
   if not obj._handle then err(tostring(obj) .. ' is closed') end
   return obj._handle
end

function HDF5File:close()
   if self._handle then K.close(self._handle) end
   self._handle = nil
end

local function new_object(file, path)
   local kind = call(K.kind, handle(file), path)
   local o
   if kind == 'group' then
      o = torch.factory('hdf5.HDF5Group')()
   elseif kind == 'dataset' then
      o = torch.factory('hdf5.HDF5DataSet')()
   else
      return nil
   end
   o._file, o._path = file, path
   return o
end

-- file:read([path]): the dataset or group at path ('/' or nothing: the root group)
function HDF5File:read(datapath)
   if datapath ~= nil and type(datapath) ~= 'string' then
      err('HDF5File:read() requires a string (data path) as its first parameter')
   end
   local parts = split(datapath or '/')
   local path = join(parts)
   local o = new_object(self, path)
   if not o then
      -- name the first missing component, as torch-hdf5's group walk does
      local upto = {}
      for _, p in ipairs(parts) do
         local parent = join(upto)
         upto[#upto + 1] = p
         if not new_object(self, join(upto)) then
            err("HDF5Group:read() - no such child '" .. p .. "' for [HDF5Group: " .. parent .. "]")
         end
      end
   end
   return o
end

local function tensor_type(data)
   local tn = torch.typename(data)
   local ty = tn and tn:match('^torch%.(%a+)Tensor$')
   if not ty or ty == 'Cuda' then
      err('HDF5File: writing data of type ' .. (tn or type(data)) .. ' is not supported')
   end
   return ty
end

local function write(self, method, datapath, data, options)
   if type(datapath) ~= 'string' then
      err('HDF5File:' .. method .. '() requires a string (data path) as its first parameter')
   end
   if not (torch.isTensor(data) or type(data) == 'table') then
      err('HDF5File:' .. method .. '() requires a tensor or table as its second parameter')
   end
   local parts = split(datapath)
   if #parts == 0 and not (type(data) == 'table' and not torch.isTensor(data)) then
      err('HDF5File:' .. method .. '() - must provide a table when writing to the root location')
   end
   local h = handle(self)
   local function put(parts, value)
      if torch.isTensor(value) then
         local ty = tensor_type(value)
         if value:nElement() == 0 then
            err('HDF5File:' .. method .. "() - cannot write the empty tensor at '" .. join(parts) .. "'")
         end
         local chunks, deflate
         if options then
            if options._chunked then chunks = table.concat(options._chunked, ',') end
            deflate = options._deflate
         end
         call(K.write, h, join(parts), np(value), ty, chunks, deflate, method == 'append')
      elseif type(value) == 'table' then
         for k, v in pairs(value) do
            local sub = {unpack(parts)}
            sub[#sub + 1] = tostring(k)
            put(sub, v)
         end
      else
         err('HDF5File: writing data of type ' .. type(value) .. ' is not supported')
      end
   end
   put(parts, data)
end

-- file:write(path, tensor or table of tensors[, options]); groups on the way are created
function HDF5File:write(datapath, data, options) write(self, 'write', datapath, data, options) end

-- file:append(path, tensor[, options]): grows the dataset along its first dimension
function HDF5File:append(datapath, data, options) write(self, 'append', datapath, data, options) end

--------------------------------------------------------------------------------------------------
-- groups and datasets

function HDF5Group:__init() err('HDF5Group: use file:read(path)') end
function HDF5Group:__tostring() return '[HDF5Group: ' .. self._path .. ']' end
function HDF5Group:close() end

-- group:all(): a table name -> tensor (or table, for a sub-group)
function HDF5Group:all()
   local h = handle(self._file)
   local names = call(K.children, h, self._path)
   local res = {}
   if names == '' then return res end
   for name in (names .. '\0'):gmatch('([^%z]*)%z') do
      local p = (self._path == '/' and '' or self._path) .. '/' .. name
      local o = new_object(self._file, p)
      if o then res[name] = o:all() end
   end
   return res
end

function HDF5DataSet:__init() err('HDF5DataSet: use file:read(path)') end
function HDF5DataSet:__tostring() return '[HDF5DataSet: ' .. self._path .. ']' end
function HDF5DataSet:close() end

local function info(self)
   local r = {call(K.info, handle(self._file), self._path)}
   local sizes = {}
   for i = 2, #r do sizes[i - 1] = r[i] end
   return r[1], sizes
end

-- dataset:dataspaceSize(): the dataset's sizes, without reading it
function HDF5DataSet:dataspaceSize()
   local _, sizes = info(self)
   return sizes
end

-- dataset:getTensorFactory(): the tensor type the data reads as (torch.ByteTensor, ...)
function HDF5DataSet:getTensorFactory()
   local ty = info(self)
   return torch[ty .. 'Tensor']
end

-- dataset:all(): the whole dataset as a tensor
function HDF5DataSet:all()
   local ty = info(self)
   local t = from_array(call(K.read, handle(self._file), self._path, nil))
   if torch.typename(t) ~= 'torch.' .. ty .. 'Tensor' then t = t:type('torch.' .. ty .. 'Tensor') end
   return t
end

-- dataset:partial({start1, end1}, {start2, end2}, ...): one 1-based inclusive range per dimension
function HDF5DataSet:partial(...)
   local ty, sizes = info(self)
   local n = select('#', ...)
   if n ~= #sizes then
      err(string.format('HDF5DataSet:partial() - the dataset has %d dimensions, %d ranges given', #sizes, n))
   end
   local r = {}
   for i = 1, n do
      local range = select(i, ...)
      if type(range) ~= 'table' or type(range[1]) ~= 'number' or type(range[2]) ~= 'number' then
         err('HDF5DataSet:partial() - range ' .. i .. ' must be a table {start, end}')
      end
      local a, b = range[1], range[2]
      if a < 1 or b > sizes[i] or a > b then
         err(string.format('HDF5DataSet:partial() - range {%d, %d} is outside dimension %d of size %d',
            a, b, i, sizes[i]))
      end
      r[#r + 1] = a - 1
      r[#r + 1] = b
   end
   local t = from_array(call(K.read, handle(self._file), self._path, table.concat(r, ',')))
   if torch.typename(t) ~= 'torch.' .. ty .. 'Tensor' then t = t:type('torch.' .. ty .. 'Tensor') end
   return t
end

--------------------------------------------------------------------------------------------------
-- writing options

function DataSetOptions:__init() end

-- options:setChunked(n1, n2, ...) (or a table): the chunk sizes, one per dimension
function DataSetOptions:setChunked(...)
   local sizes = select('#', ...) == 1 and type(...) == 'table' and {unpack((...))} or {...}
   for i, s in ipairs(sizes) do
      if type(s) ~= 'number' or s < 1 then err('DataSetOptions:setChunked() - chunk sizes must be positive numbers') end
   end
   self._chunked = sizes
   return self
end

-- options:setDeflate([level]): gzip compression (level 0-9, default 6); needs chunking
function DataSetOptions:setDeflate(level)
   level = level or 6
   if type(level) ~= 'number' or level < 0 or level > 9 then
      err('DataSetOptions:setDeflate() - level must be between 0 and 9')
   end
   self._deflate = level
   return self
end

function DataSetOptions:__tostring()
   return string.format('[DataSetOptions: chunked=%s deflate=%s]',
      self._chunked and table.concat(self._chunked, 'x') or 'no', tostring(self._deflate or 'no'))
end

return hdf5
