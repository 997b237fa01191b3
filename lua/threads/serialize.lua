-- threads.serialize: what torch/threads uses to pass jobs, arguments and results between its
-- Lua states: torch's binary serialization into a CharStorage (tensors are copied).
require 'torch'

local serialize = {}

function serialize.save(obj)
   local f = torch.MemoryFile()
   f:binary()
   f:writeObject(obj)
   local storage = f:storage()
   f:close()
   return storage
end

function serialize.load(storage)
   local f = torch.MemoryFile(storage)
   f:binary()
   f:_setLoadOptions({allowFunctions = true})   -- the jobs' own functions travel this way
   local obj = f:readObject()
   f:close()
   return obj
end

return serialize
