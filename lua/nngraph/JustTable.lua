-- nngraph.JustTable: input x -> output {x}
local JustTable, parent = torch.class('nngraph.JustTable', 'nn.Module')

function JustTable:__init()
   parent.__init(self)
   self.output = {}
end

function JustTable:updateOutput(input)
   self.output[1] = input
   return self.output
end

function JustTable:updateGradInput(input, gradOutput)
   self.gradInput = gradOutput[1]
   return self.gradInput
end

-- output/gradInput are other modules' objects: drop the references, never :set() them
function JustTable:clearState()
   self.output = {}
   self.gradInput = nil
   return self
end

return JustTable
