-- graph.Graph: a directed graph kept as two ordered sets, `nodes` and `edges`
-- (each is an array and a map object -> index).  Nodes get their index as `id`.
local Graph = torch.class('graph.Graph')

function Graph:__init()
   self.nodes = {}
   self.edges = {}
end

-- add a graph.Edge, or an array of them
function Graph:add(edge)
   if type(edge) ~= 'table' then
      error('graph.Edge or {graph.Edges} expected', 2)
   end
   if not torch.typename(edge) then
      for _, e in ipairs(edge) do self:add(e) end
      return
   end
   local edges, nodes = self.edges, self.nodes
   if not edges[edge] then
      edges[#edges + 1] = edge
      edges[edge] = #edges
   end
   for _, n in ipairs{edge.from, edge.to} do
      if not nodes[n] then
         nodes[#nodes + 1] = n
         nodes[n] = #nodes
      end
   end
   edge.from:add(edge.to)
   edge.from.id = nodes[edge.from]
   edge.to.id = nodes[edge.to]
end

-- a copy with new node objects that share the data
function Graph:clone()
   local g = graph.Graph()
   local copies = {}
   for i, n in ipairs(self.nodes) do copies[i] = n.new(n.data) end
   for _, e in ipairs(self.edges) do
      g:add(e.new(copies[self.nodes[e.from]], copies[self.nodes[e.to]]))
   end
   return g
end

-- the graph with every edge reversed (new node objects sharing the data);
-- also returns the map old node -> new node
function Graph:reverse()
   local rg = graph.Graph()
   local map = {}
   for _, e in ipairs(self.edges) do
      map[e.from] = map[e.from] or e.from.new(e.from.data)
      map[e.to] = map[e.to] or e.to.new(e.to.data)
      rg:add(e.new(map[e.to], map[e.from]))
   end
   return rg, map
end

-- nodes in topological order (every node after all of its parents);
-- also returns the reversed graph and its roots
function Graph:topsort()
   local rg, map = self:reverse()
   local back = {}
   for k, v in pairs(map) do back[v] = k end
   local sorted = {}
   local roots = rg:roots()
   if #roots == 0 then error('Graph has cycles', 2) end
   for _, root in ipairs(roots) do
      root:dfs(function(node) sorted[#sorted + 1] = back[node] end)
   end
   if #sorted ~= #self.nodes then error('Graph has cycles', 2) end
   return sorted, rg, roots
end

local function ends(self, first, second)
   local set = {}
   for _, e in ipairs(self.edges) do set[e[first]] = true end
   for _, e in ipairs(self.edges) do set[e[second]] = nil end
   local list = {}
   for n in pairs(set) do list[#list + 1] = n end
   table.sort(list, function(a, b) return self.nodes[a] < self.nodes[b] end)
   return list
end

-- nodes without incoming edges, in node order
function Graph:roots() return ends(self, 'from', 'to') end

-- nodes without outgoing edges, in node order
function Graph:leaves() return ends(self, 'to', 'from') end

-- quote a dot ID when it is not a plain word
local function dotEscape(str)
   if str:find('[^a-zA-Z]') then
      str = '"' .. str:gsub('\n', '\\n'):gsub('"', '\\"') .. '"'
   end
   return str
end
graph._dotEscape = dotEscape

-- 'name=value' pairs for a node, sorted by name (the label among them), the
-- order Graphviz itself writes them in
local function attributeString(attributes)
   local keys = {}
   for k in pairs(attributes) do keys[#keys + 1] = k end
   table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
   local parts = {}
   for _, k in ipairs(keys) do
      parts[#parts + 1] = tostring(k) .. '=' .. dotEscape(tostring(attributes[k]))
   end
   return table.concat(parts, ' ')
end

-- Graphviz source for the graph
function Graph:todot(title)
   local out = {'digraph G {\n'}
   if title then
      out[#out + 1] = 'labelloc="t";\nlabel="' .. tostring(title):gsub('"', '\\"') .. '";\n'
   end
   out[#out + 1] = 'node [shape = oval]; '
   local names = {}
   for _, node in ipairs(self.nodes) do
      local name = node.graphNodeName and node:graphNodeName() or ('Node' .. node.id)
      local attrs = {}
      if node.graphNodeAttributes then
         for k, v in pairs(node:graphNodeAttributes()) do attrs[k] = v end
      end
      attrs.label = name .. '\n' .. node:label()
      names[node] = 'n' .. node.id
      out[#out + 1] = '\n' .. names[node] .. '[' .. attributeString(attrs) .. '];'
   end
   out[#out + 1] = '\n'
   for _, e in ipairs(self.edges) do
      out[#out + 1] = names[e.from] .. ' -> ' .. names[e.to] .. ';\n'
   end
   out[#out + 1] = '}'
   return table.concat(out)
end

return Graph
