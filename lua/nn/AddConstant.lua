-- nn.AddConstant(c, inplace): y = x + c (c a number, or a vector added to each row)
local AddConstant, parent = torch.class('nn.AddConstant', 'nn.Module')

function AddConstant:__init(constant_scalar, ip)
   parent.__init(self)
   self.constant_scalar = constant_scalar
   -- default for inplace is false
   self.inplace = ip or false
   if (ip and type(ip) ~= 'boolean') then
      error('in-place flag must be boolean', 2)
   end
end

function AddConstant:updateOutput(input)
   if not torch.isTensor(input) then
      error(string.format('nn.AddConstant: input should be a Tensor (got %s)', torch.type(input)), 2)
   end
   if not (type(self.constant_scalar) == 'number' or
      (torch.isTensor(self.constant_scalar) and input:nDimension() <= 2 and
       input:size(input:nDimension()) == self.constant_scalar:size(1))) then
      error("nn.AddConstant: input is not scalar or doesn't match with the dimension of constant! (input is " ..
         torch._size_str(input) .. ')', 2)
   end
   local tmp
   if torch.isTensor(self.constant_scalar) and input:nDimension() == 2 then
      local nOutput = self.constant_scalar:size(1)
      tmp = self.constant_scalar.new()
      tmp:resize(1, nOutput)
      tmp:copy(self.constant_scalar)
      tmp = tmp:expand(input:size(1), nOutput)
   else
      tmp = self.constant_scalar
   end
   if self.inplace then
      input:add(tmp)
      self.output:set(input)
   else
      self.output:resizeAs(input)
      self.output:copy(input)
      self.output:add(tmp)
   end
   return self.output
end

function AddConstant:updateGradInput(input, gradOutput)
   if self.inplace then
      self.gradInput:set(gradOutput)
      -- restore the previous input value
      if torch.isTensor(self.constant_scalar) and input:nDimension() == 2 then
         input:add(-1, self.constant_scalar:view(1, -1):expandAs(input))
      else
         input:add(-self.constant_scalar)
      end
   else
      self.gradInput:resizeAs(gradOutput)
      self.gradInput:copy(gradOutput)
   end
   return self.gradInput
end

return nn.AddConstant
