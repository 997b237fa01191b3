-- graph.Edge: a directed edge, two fields `from` and `to` (and an optional weight).
local Edge = torch.class('graph.Edge')

function Edge:__init(from, to, weight)
   self.from = from
   self.to = to
   self.weight = weight
end

return Edge
