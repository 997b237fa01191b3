-- nn.Abs: y = |x|
local Abs, parent = torch.class('nn.Abs', 'nn.Module')

function Abs:__init()
   parent.__init(self)
end

function Abs:updateOutput(input)
   if not torch.isTensor(input) then
      error(string.format('nn.Abs: input should be a Tensor (got %s)', torch.type(input)), 2)
   end
   self.output:resizeAs(input):copy(input):abs()
   return self.output
end

function Abs:updateGradInput(input, gradOutput)
   -- d|x|/dx = -1 for x < 0, else 1
   self._sign = self._sign or input.new()
   self._sign:resizeAs(input):copy(input):sign()
   self._sign[torch.eq(input, 0)] = 1
   self.gradInput:resizeAs(input):copy(gradOutput):cmul(self._sign)
   return self.gradInput
end

function Abs:clearState()
   if self._sign then self._sign:set() end
   return parent.clearState(self)
end

return nn.Abs
