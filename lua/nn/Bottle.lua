-- nn.Bottle(module, nInputDim = 2, nOutputDim = nInputDim): folds the extra leading
-- dimensions of the input into the first one, applies module, and unfolds the output.
local Bottle, parent = torch.class('nn.Bottle', 'nn.Decorator')

function Bottle:__init(module, nInputDim, nOutputDim)
   parent.__init(self, module)
   self.nInputDim = nInputDim or 2
   self.nOutputDim = nOutputDim or self.nInputDim
   self.dimDelta = self.nInputDim - self.nOutputDim
   self.inShape = torch.Tensor(self.nInputDim)
   self.outShape = torch.Tensor(self.nOutputDim)
   self.output = torch.Tensor()
   self.gradInput = torch.Tensor()
end

local function sizes(t) local s = {} for i = 1, t:dim() do s[i] = t:size(i) end return s end

function Bottle:updateOutput(input)
   local batchDims = input:dim() - self.nInputDim + 1
   if batchDims > 1 then
      local insz = sizes(input)
      local squeeze = 1
      for i = 1, batchDims - 1 do squeeze = squeeze * insz[i] end
      local inShape = {}
      for i = batchDims, input:dim() do inShape[#inShape + 1] = insz[i] end
      inShape[1] = inShape[1] * squeeze
      for i = 1, #inShape do self.inShape[i] = inShape[i] end
      local output = self.modules[1]:updateOutput(input:contiguous():view(unpack(inShape)))
      if output:dim() ~= self.nOutputDim then
         error(string.format('nn.Bottle: wrong number of output dims on module. Expected: %d but got %d',
            self.nOutputDim, output:dim()), 2)
      end
      local outsz = sizes(output)
      for i = 1, #outsz do self.outShape[i] = outsz[i] end
      local full = {}
      for i = 1, batchDims - 1 do full[i] = insz[i] end
      for i = 1, #outsz do full[batchDims - 1 + i] = outsz[i] end
      full[batchDims] = full[batchDims] / squeeze
      self.output:set(output:view(unpack(full)))
   else
      self.output:set(self.modules[1]:updateOutput(input))
   end
   return self.output
end

local function shape(t) local s = {} for i = 1, t:nElement() do s[i] = t[i] end return s end

function Bottle:updateGradInput(input, gradOutput)
   if input:dim() > self.nInputDim then
      local input_ = input:contiguous():view(unpack(shape(self.inShape)))
      local gradOutput_ = gradOutput:contiguous():view(unpack(shape(self.outShape)))
      self.modules[1]:updateGradInput(input_, gradOutput_)
      if self.modules[1].gradInput then
         self.gradInput:set(self.modules[1].gradInput:viewAs(input))
      else
         self.gradInput = nil
      end
   else
      if self.modules[1].gradInput then
         self.gradInput:set(self.modules[1]:updateGradInput(input, gradOutput))
      else
         self.gradInput = nil
      end
   end
   return self.gradInput
end

function Bottle:accGradParameters(input, gradOutput, scale)
   if input:dim() > self.nInputDim then
      input = input:contiguous():view(unpack(shape(self.inShape)))
      gradOutput = gradOutput:contiguous():view(unpack(shape(self.outShape)))
   end
   self.modules[1]:accGradParameters(input, gradOutput, scale)
end

return Bottle
