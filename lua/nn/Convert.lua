-- nn.Convert([inputShape[, outputShape]]) (torch7 nn/Convert.lua): converts between data
-- layouts named by letters ('bchw' -> 'bf', 'chw' -> 'f', 'b' -> 'bt', transpositions such
-- as 'bhwc' -> 'bchw') and converts the input to the module's tensor type. Shapes without
-- 'b' get one in front (a non-batch input is handled as a batch of one).
local Convert, parent = torch.class('nn.Convert', 'nn.Container')

function Convert:__init(inputShape, outputShape)
   if outputShape and not inputShape then
      error("Expecting non-nil arg 1 when arg 2 is provided")
   end
   inputShape = inputShape or 'b*'
   outputShape = outputShape or inputShape
   self.inputShape = inputShape:find('b') and inputShape or ('b' .. inputShape)
   self.outputShape = outputShape:find('b') and outputShape or ('b' .. outputShape)
   self.inputBatchDim = self.inputShape:find('b')
   self.outputBatchDim = self.outputShape:find('b')
   if self.inputShape == 'b*' or self.outputShape == 'b*' then
      assert(self.inputShape == 'b*' and self.outputShape == 'b*', 'Both or neither shapes must be b*')
      self.nInputDim = -1
      self.nOutputDim = -1
      self.transposition = true
   else
      self.nInputDim = #self.inputShape
      self.nOutputDim = #self.outputShape
      if self.nInputDim == self.nOutputDim then
         self.transposition = true
         for i = 1, self.nInputDim do
            if not self.outputShape:find(self.inputShape:sub(i, i)) then
               self.transposition = false
               break
            end
         end
      end
   end
   parent.__init(self)
end

function Convert:buildConverter(input)
   if self.transposition then
      self.converter = self:transpose(self.outputShape)
   else
      if torch.type(self[self.outputShape]) ~= 'function' then
         error(string.format("Unrecognized conversion of shape %s to %s", self.inputShape, self.outputShape))
      end
      self.converter = self[self.outputShape](self, input)
   end
   assert(torch.isTensor(self.output), "Expecting Tensor output")
   self.converter:type(torch.type(self.output))
   self.modules[1] = self.converter
end

function Convert:updateOutput(input)
   assert(torch.isTensor(input), "expecting Tensor")
   if not torch.isTypeOf(input, torch.type(self.output)) then
      self._input = self._input or self.output.new()
      self._input:resize(input:size()):copy(input)
      input = self._input
   end
   self.batchMode = true
   if input:dim() < self.nInputDim then
      local inputSize = input:size():totable()
      table.insert(inputSize, self.inputBatchDim, 1)
      self.__input = self.__input or input.new()
      self.__input:set(input):resize(unpack(inputSize))
      input = self.__input
      self.batchMode = false
   end
   if not self.converter then
      self:buildConverter(input)
   end
   self.output = self.converter:updateOutput(input)
   if not self.batchMode then
      local outputSize = self.output:size():totable()
      table.remove(outputSize, self.outputBatchDim)
      self.__output = self.__output or self.output.new()
      self.__output:set(self.output):resize(unpack(outputSize))
      self.output = self.__output
   end
   return self.output
end

function Convert:updateGradInput(input, gradOutput)
   local input_ = input
   input = self._input or input
   if not self.batchMode then
      input = self.__input
      self.__gradOutput = self.__gradOutput or gradOutput.new()
      self.__gradOutput:set(gradOutput):resize(self.converter.output:size())
      gradOutput = self.__gradOutput
   end
   local gradInput = self.converter:updateGradInput(input, gradOutput)
   if not self.batchMode then
      self.__gradInput = self.__gradInput or gradInput.new()
      self.__gradInput:set(gradInput):resize(input_:size())
      gradInput = self.__gradInput
   end
   if self._input then
      self._gradInput = self._gradInput or input.new()
      self._gradInput:resize(input:size()):copy(gradInput)
      self.gradInput = self._gradInput
   else
      self.gradInput = gradInput
   end
   return self.gradInput
end

function Convert:accGradParameters(input, gradOutput, scale)
   input = self.batchMode and self.__input or self._input or input
   gradOutput = self.batchMode and self.__gradOutput or gradOutput
   self.converter:accGradParameters(input, gradOutput, scale)
end

function Convert:accUpdateGradParameters(input, gradOutput, lr)
   input = self.batchMode and self.__input or self._input or input
   gradOutput = self.batchMode and self.__gradOutput or gradOutput
   self.converter:accUpdateGradParameters(input, gradOutput, lr)
end

-- batch x features
function Convert:bf(input)
   local b_pos = self:findAxis('b', self.inputShape)
   local dim = #self.inputShape
   if self.inputShape == 'bt' then
      error("Conversion of shape bt to bf not supported: open an issue on github")
   end
   if dim == 1 then
      return nn.Reshape(1)
   end
   local modula
   if b_pos ~= 1 then
      modula = nn.Transpose({1, b_pos})
   end
   if dim > 2 then
      local transpose = modula
      local sampleSize = input:select(self:findAxis('b'), 1):nElement()
      local reshape = nn.Reshape(sampleSize)
      if transpose then
         modula = nn.Sequential()
         modula:add(transpose)
         modula:add(reshape)
      else
         modula = reshape
      end
   end
   return modula or nn.Identity()
end

-- each example is a scalar; the batch is a vector
function Convert:b(input)
   if self.inputShape == 'bt' or self.inputShape == 'tb' then
      return nn.Select(self:findAxis('t'), 1)
   elseif self.inputShape == 'bf' or self.inputShape == 'fb' then
      local f_pos = self:findAxis('f')
      if input:size(f_pos) > 1 then
         error("Cannot convert shape " .. self.inputShape .. " to b when feature > 1")
      end
      return nn.Select(f_pos, 1)
   else
      error("Cannot convert shape " .. self.inputShape .. " to shape b")
   end
end

function Convert:default()
   return nn.Identity()
end

-- multi-class (batch target)
function Convert:bt()
   if self.inputShape == 'b' then
      return nn.Reshape(1)
   end
   error("cannot convert shape '" .. self.inputShape .. "' to bt")
end

-- the transpositions that turn inputShape into newShape
function Convert:transpose(newShape)
   if newShape == self.inputShape then
      return nn.Identity()
   end
   local shape = {}
   for i = 1, #self.inputShape do shape[i] = self.inputShape:sub(i, i) end
   local transpositions = {}
   for i = 1, #newShape do
      local c = newShape:sub(i, i)
      local j
      for k = 1, #shape do if shape[k] == c then j = k; break end end
      if i ~= j then
         shape[i], shape[j] = shape[j], shape[i]
         table.insert(transpositions, {j, i})
      end
   end
   return nn.Transpose(unpack(transpositions))
end

function Convert:findAxis(axis_char, shape, silent)
   shape = shape or self.inputShape
   local axis_pos = shape:find(axis_char)
   if (not silent) and (not axis_pos) then
      error("Provided shape '" .. shape .. "' has no axis '" .. axis_char .. "'")
   end
   return axis_pos
end

function Convert:type(type, tensorCache)
   if not torch.isTypeOf(self.output, type) then
      self._input = nil
      self._gradInput = nil
      self.__input = nil
      self.__output = nil
      self.__gradInput = nil
      self.__gradOutput = nil
   end
   return parent.type(self, type, tensorCache)
end
