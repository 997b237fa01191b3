-- threads.sharedserialize: as threads.serialize, but tensors and storages are not copied: the
-- message holds a reference and the receiving side gets the very same tensor (same storage,
-- sizes and strides), as torch/threads' pointer passing does.
require 'torch'

local serialize = {}

-- the objects referenced by each message, kept alive as long as the message itself
local refs = setmetatable({}, {__mode = 'k'})

function serialize.save(obj)
   local list = {}
   local index = {}
   local f = torch.MemoryFile()
   f:binary()
   f._sharedRefs = {
      put = function(x)
         local key = torch.pointer(x)
         local i = index[key]
         if not i then
            i = #list + 1
            list[i], index[key] = x, i
         end
         return i
      end,
   }
   f:writeObject(obj)
   local storage = f:storage()
   f:close()
   refs[storage] = list
   return storage
end

function serialize.load(storage)
   local list = refs[storage] or {}
   local f = torch.MemoryFile(storage)
   f:binary()
   f:_setLoadOptions({allowFunctions = true})
   f._sharedRefs = {get = function(i) return list[i] end}
   local obj = f:readObject()
   f:close()
   return obj
end

return serialize
