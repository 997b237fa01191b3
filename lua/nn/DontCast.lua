-- nn.DontCast(module[, castin[, castout[, moduleType]]]): a Decorator whose module
-- keeps its tensor type through :type()/:float()/:cuda(); with castin/castout the
-- input/output (and their gradients) are copied across types at the boundary.
local DontCast, parent = torch.class('nn.DontCast', 'nn.Decorator')

local function recursiveTypeCopy(dst, src, type_str)
   if torch.type(src) == 'table' then
      dst = (torch.type(dst) == 'table') and dst or {}
      for k, v in pairs(src) do
         dst[k] = recursiveTypeCopy(dst[k], v, type_str)
      end
   elseif torch.isTensor(src) then
      dst = (torch.type(dst) == type_str) and dst or torch[type_str:match('torch%.(%a+)')]()
      dst:resize(src:size())
      if src:nElement() > 0 then dst:copy(src) end
   end
   return dst
end

local function tableTensorType(src)
   if type(src) == 'table' then
      local type_str, found
      for _, v in pairs(src) do
         type_str, found = tableTensorType(v)
         if found then return type_str, true end
      end
      return type_str, found
   else
      return torch.type(src), true
   end
end

function DontCast:__init(module, castin, castout, moduleType)
   parent.__init(self, module)
   self.castin = castin
   self.castout = (castout == nil) and castin or castout
   self.moduleType = moduleType
   if (self.castin or self.castout) and not self.moduleType then
      local mt, found = tableTensorType(module.output)
      if found then
         self.moduleType = mt
      else
         mt, found = tableTensorType(module:parameters())
         if found then
            self.moduleType = mt
         else
            error('nn.DontCast: cannot extrapolate moduleType. Provide constructor argument 4', 2)
         end
      end
   end
end

function DontCast:updateOutput(input)
   if self.castin and tableTensorType(input) ~= self.moduleType then
      self._input = recursiveTypeCopy(self._input, input, self.moduleType)
      input = self._input
   end
   local output = self.modules[1]:updateOutput(input)
   if self.castout then
      self.output = recursiveTypeCopy(self.output, output, tableTensorType(self.output))
   else
      self.output = output
   end
   return self.output
end

function DontCast:updateGradInput(input, gradOutput)
   if self.castin and tableTensorType(input) ~= self.moduleType then
      input = self._input
   end
   if self.castout and tableTensorType(gradOutput) ~= self.moduleType then
      self._gradOutput = recursiveTypeCopy(self._gradOutput, gradOutput, self.moduleType)
      gradOutput = self._gradOutput
   end
   local gradInput = self.modules[1]:updateGradInput(input, gradOutput)
   if self.castin then
      self.gradInput = recursiveTypeCopy(self.gradInput, gradInput, tableTensorType(self.gradInput))
   else
      self.gradInput = gradInput
   end
   return self.gradInput
end

function DontCast:accGradParameters(input, gradOutput, scale)
   if self.castin and tableTensorType(input) ~= self.moduleType then input = self._input end
   if self.castout and tableTensorType(gradOutput) ~= self.moduleType then gradOutput = self._gradOutput end
   self.modules[1]:accGradParameters(input, gradOutput, scale)
end

function DontCast:accUpdateGradParameters(input, gradOutput, lr)
   if self.castin and tableTensorType(input) ~= self.moduleType then input = self._input end
   if self.castout and tableTensorType(gradOutput) ~= self.moduleType then gradOutput = self._gradOutput end
   self.modules[1]:accUpdateGradParameters(input, gradOutput, lr)
end

-- the module itself is never converted; only the boundary buffers follow `type`
function DontCast:type(type)
   if not type then return self._type end
   if self.castout and tableTensorType(self.output) ~= type then
      self.output = recursiveTypeCopy(nil, self.output, type)
   end
   if self.castin and tableTensorType(self.gradInput) ~= type then
      self.gradInput = recursiveTypeCopy(nil, self.gradInput, type)
   end
   return self
end

return DontCast
