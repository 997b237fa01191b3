-- nngraph.JustElement: input {x} -> output x (what node:split(1) uses)
local JustElement, parent = torch.class('nngraph.JustElement', 'nn.Module')

function JustElement:__init()
   parent.__init(self)
   self.gradInput = {}
end

function JustElement:updateOutput(input)
   if type(input) ~= 'table' or #input ~= 1 then
      require('nngraph.utils').error('nngraph.JustElement: expecting a table with one element')
   end
   self.output = input[1]
   return self.output
end

function JustElement:updateGradInput(input, gradOutput)
   self.gradInput[1] = gradOutput
   return self.gradInput
end

-- output/gradInput are other modules' objects: drop the references, never :set() them
function JustElement:clearState()
   self.output = nil
   self.gradInput = {}
   return self
end

return JustElement
