-- graph.Node: a node with a `data` payload and an ordered list of children.
-- `children` is both an array (in insertion order) and a set (child -> index).
local Node = torch.class('graph.Node')

function Node:__init(data)
   self.data = data
   self.id = 0
   self.children = {}
   self.visited = false
   self.marked = false
end

-- add a child node (or an array of them); adding the same child twice is a no-op
function Node:add(child)
   local children = self.children
   if type(child) == 'table' and not torch.typename(child) then
      for _, c in ipairs(child) do self:add(c) end
   elseif not children[child] then
      children[#children + 1] = child
      children[child] = #children
   end
end

-- depth-first visit: pre_func(node) on the way down, post_func(node) on the way up;
-- a node whose `visited` flag is set is skipped (the caller owns the flags).
-- Iterative, so deep graphs (long unrolled networks) do not overflow the Lua stack.
function Node:visit(pre_func, post_func)
   if self.visited then return end
   local stack = {{self, 0}}
   if pre_func then pre_func(self) end
   while #stack > 0 do
      local top = stack[#stack]
      local node, i = top[1], top[2] + 1
      top[2] = i
      local child = node.children[i]
      if child == nil then
         stack[#stack] = nil
         if post_func then post_func(node) end
      elseif not child.visited then
         if pre_func then pre_func(child) end
         stack[#stack + 1] = {child, 0}
      end
   end
end

function Node:label()
   return tostring(self.data)
end

-- the graph of every node reachable from this one
function Node:graph()
   local g = graph.Graph()
   self:bfs(function(node)
      for _, child in ipairs(node.children) do
         g:add(graph.Edge(node, child))
      end
   end)
   return g
end

-- post-order depth-first traversal; leaves the visited flags set
function Node:dfs_dirty(func)
   local visited = {}
   self:visit(function(node) node.visited = true end,
              function(node) func(node); visited[#visited + 1] = node end)
   return visited
end

function Node:dfs(func)
   for _, node in ipairs(self:dfs_dirty(func)) do node.visited = false end
end

-- breadth-first traversal; leaves the marked flags set
function Node:bfs_dirty(func)
   local visited = {}
   local queue, head = {self}, 1
   self.marked = true
   while head <= #queue do
      local node = queue[head]
      head = head + 1
      visited[#visited + 1] = node
      func(node)
      for _, child in ipairs(node.children) do
         if not child.marked then
            child.marked = true
            queue[#queue + 1] = child
         end
      end
   end
   return visited
end

function Node:bfs(func)
   for _, node in ipairs(self:bfs_dirty(func)) do node.marked = false end
end

-- true when a cycle is reachable from this node
function Node:hasCycle()
   local state = {}   -- nil: new, 1: on the current path, 2: done
   local stack = {{self, 0}}
   state[self] = 1
   while #stack > 0 do
      local top = stack[#stack]
      local node, i = top[1], top[2] + 1
      top[2] = i
      local child = node.children[i]
      if child == nil then
         state[node] = 2
         stack[#stack] = nil
      elseif state[child] == 1 then
         return true
      elseif state[child] == nil then
         state[child] = 1
         stack[#stack + 1] = {child, 0}
      end
   end
   return false
end

return Node
