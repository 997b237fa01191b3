-- nn.GPU(module, device[, outdevice]) (torch7 nn/GPU.lua): hosts a module on a GPU device.
-- luann has no GPU: the decorated module simply runs on the CPU; device/outdevice are kept
-- (and saved) so models written by torch7 load and print the same.
local GPU, parent = torch.class('nn.GPU', 'nn.Container')

function GPU:__init(module, device, outdevice)
   parent.__init(self)
   assert(torch.type(device) == 'number', 'nn.GPU: device should be a number')
   self.device = device
   self.outdevice = outdevice or device
   assert(torch.isTypeOf(module, 'nn.Module'), 'nn.GPU: expected an nn.Module')
   self.modules[1] = module
end

function GPU:setDevice(device)
   self.device = device or self.device
   return self
end

function GPU:updateOutput(input)
   self.output = self.modules[1]:updateOutput(input)
   return self.output
end

function GPU:updateGradInput(input, gradOutput)
   self.gradInput = self.modules[1]:updateGradInput(input, gradOutput)
   return self.gradInput
end

function GPU:accGradParameters(input, gradOutput, scale)
   self.modules[1]:accGradParameters(input, gradOutput, scale)
end

function GPU:type(type, typecache)
   self.output = nil
   self.gradInput = nil
   self._input = nil
   self._gradOutput = nil
   parent.type(self, type, typecache)
   return self
end

function GPU:clearState()
   nn.utils.clear(self, 'output', 'gradInput')
   self._input = nil
   self._gradOutput = nil
   return parent.clearState(self)
end

-- torch7's format: a header {type, device}, then the fields
function GPU:write(file)
   local object = {}
   for k, v in pairs(self) do object[k] = v end
   file:writeObject({self._type, self.device})
   file:writeObject(object)
end

function GPU:read(file)
   file:readObject()
   local object = file:readObject()
   for k, v in pairs(object) do self[k] = v end
end

function GPU:__tostring__()
   local m = self.modules[1]
   if m.__tostring__ then
      return torch.type(self) .. '(' .. self.device .. ') @ ' .. m:__tostring__()
   end
   return torch.type(self) .. '(' .. self.device .. ') @ ' .. torch.type(m)
end

function GPU:accUpdateGradParameters(input, gradOutput, lr)
   error("Not Implemented")
end

function GPU:sharedAccUpdateGradParameters(input, gradOutput, lr)
   error("Not Implemented")
end
