-- nn.Copy(intype, outtype, forceCopy, dontCast): copy (and convert) between tensor types
local Copy, parent = torch.class('nn.Copy', 'nn.Module')

local function new_of(typename)
   return torch.Tensor():type(typename):resize(0)
end

function Copy:__init(intype, outtype, forceCopy, dontCast)
   intype = intype or torch.Tensor():type()
   outtype = outtype or torch.Tensor():type()
   self.dontCast = dontCast
   parent.__init(self)
   self.gradInput = new_of(intype)
   self.output = new_of(outtype)
   if (not forceCopy) and intype == outtype then
      -- the input itself passes through, whatever its type (as in torch7)
      self.updateOutput = function(self, input)
         self.output = input
         return input
      end
      self.updateGradInput = function(self, input, gradOutput)
         self.gradInput = gradOutput
         return gradOutput
      end
   end
end

function Copy:updateOutput(input)
   if not torch.isTensor(input) then
      error(string.format('nn.Copy: input should be a Tensor (got %s)', torch.type(input)), 2)
   end
   self.output:resize(input:size()):copy(input)
   return self.output
end

function Copy:updateGradInput(input, gradOutput)
   self.gradInput:resize(gradOutput:size()):copy(gradOutput)
   return self.gradInput
end

function Copy:type(type, tensorCache)
   if type and self.dontCast then
      return self
   end
   return parent.type(self, type, tensorCache)
end

return nn.Copy
