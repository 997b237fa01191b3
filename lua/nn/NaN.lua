-- nn.NaN(module[, id]): a Decorator that raises an error naming the module as soon
-- as a NaN shows up in its output, gradInput or gradParameters (and says whether it
-- came in with the input / gradOutput / parameters).
local NaN, parent = torch.class('nn.NaN', 'nn.Decorator')

local idseq = 0
function NaN.newId()
   idseq = idseq + 1
   return idseq
end

function NaN:__init(module, id)
   parent.__init(self, module)
   self.id = id or NaN.newId()
end

function NaN:recursiveIsNaN(tensor)
   if torch.type(tensor) == 'table' then
      for _, v in pairs(tensor) do
         if self:recursiveIsNaN(v) then return true end
      end
      return false
   elseif torch.isTensor(tensor) then
      if tensor:nElement() == 0 then return false end
      local s = tensor:sum()
      return s ~= s
   end
   return false
end

function NaN:updateOutput(input)
   self.output = self.modules[1]:updateOutput(input)
   if self:recursiveIsNaN(self.output) then
      if self:recursiveIsNaN(input) then
         error(string.format('NaN found in input of module :\n%s', self:__tostring__()), 2)
      elseif self:recursiveIsNaN(self:parameters()) then
         error(string.format('NaN found in parameters of module :\n%s', self:__tostring__()), 2)
      end
      error(string.format('NaN found in output of module :\n%s', self:__tostring__()), 2)
   end
   return self.output
end

function NaN:updateGradInput(input, gradOutput)
   self.gradInput = self.modules[1]:updateGradInput(input, gradOutput)
   if self:recursiveIsNaN(self.gradInput) then
      if self:recursiveIsNaN(gradOutput) then
         error(string.format('NaN found in gradOutput of module :\n%s', self:__tostring__()), 2)
      end
      error(string.format('NaN found in gradInput of module :\n%s', self:__tostring__()), 2)
   end
   return self.gradInput
end

function NaN:accGradParameters(input, gradOutput, scale)
   self.modules[1]:accGradParameters(input, gradOutput, scale)
   local _, gradParams = self:parameters()
   if self:recursiveIsNaN(gradParams) then
      error(string.format('NaN found in gradParameters of module :\n%s', self:__tostring__()), 2)
   end
end

function NaN:__tostring__()
   local selfstring = torch.typename(self) .. '(' .. self.id .. ')'
   if self.modules[1].__tostring__ then
      return selfstring .. ' @ ' .. self.modules[1]:__tostring__()
   else
      return selfstring .. ' @ ' .. torch.typename(self.modules[1])
   end
end

return NaN
