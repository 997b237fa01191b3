-- require 'torch': the tensor library, loaded before user code as `th` does.
local B = rawget(_G, '_LUANN_BRIDGE')
if not B then error('luann: torch must be loaded through the luann runtime') end
_G._LUANN_BRIDGE = nil
local ffi = require 'ffi'

torch = torch or {}
package.loaded.torch = torch
torch._bridge = B

local function load(name, ...)
   local path = package.searchpath('torch.' .. name, package.path)
   local f = assert(loadfile(path))
   return f(...)
end
torch._load = load

load('class', torch)
local T = load('types', torch, B)
local C = load('core', torch, B, T)
torch._C = C
load('Storage', torch, B, T, C)
load('Tensor', torch, B, T, C)
load('TensorMath', torch, B, T, C)
load('math_blas', torch, B, T, C)
load('math_reduce', torch, B, T, C)
load('math_create', torch, B, T, C)
load('random', torch, B, T, C)
load('print', torch)

-- the method tables are complete: bind them to the structs
for _, ty in ipairs(T.list) do
   ffi.metatype(ty.tct, ty.tensor_mt)
end

local default = 'torch.DoubleTensor'
function torch.getdefaulttensortype() return default end
function torch.setdefaulttensortype(name)
   local ty = T.byname[name]
   if not ty or ty.tname ~= name then error('invalid default tensor type: ' .. tostring(name), 2) end
   default = name
   torch.Tensor = ty.ctor
   torch.Storage = torch[ty.name .. 'Storage']
end
torch.setdefaulttensortype('torch.DoubleTensor')

print = torch._print
load('utils', torch, B, T, C)
return torch
