-- nn.Decorator(module): wraps one module (kept in self.modules[1], so it behaves as a
-- container); prints as `nn.Name @ <inner>`.
local Decorator, parent = torch.class('nn.Decorator', 'nn.Container')

function Decorator:__init(module)
   parent.__init(self)
   self.modules[1] = module
end

function Decorator:updateOutput(input)
   self.output = self.modules[1]:updateOutput(input)
   return self.output
end

function Decorator:updateGradInput(input, gradOutput)
   self.gradInput = self.modules[1]:updateGradInput(input, gradOutput)
   return self.gradInput
end

function Decorator:accGradParameters(input, gradOutput, scale)
   self.modules[1]:accGradParameters(input, gradOutput, scale)
end

function Decorator:accUpdateGradParameters(input, gradOutput, lr)
   self.modules[1]:accUpdateGradParameters(input, gradOutput, lr)
end

function Decorator:sharedAccUpdateGradParameters(input, gradOutput, lr)
   self.modules[1]:sharedAccUpdateGradParameters(input, gradOutput, lr)
end

function Decorator:__tostring__()
   if self.modules[1].__tostring__ then
      return torch.type(self) .. ' @ ' .. self.modules[1]:__tostring__()
   else
      return torch.type(self) .. ' @ ' .. torch.type(self.modules[1])
   end
end

-- copy the Decorator methods into another class (for multiple inheritance)
function Decorator.decorate(class)
   if type(class) == 'string' then class = torch.getmetatable(class) end
   local mt = torch.getmetatable('nn.Decorator')
   for k, v in pairs(mt) do
      if type(v) == 'function' and k ~= '__init' and not k:match('^__') and rawget(class, k) == nil then
         class[k] = v
      end
   end
   return class
end

return Decorator
