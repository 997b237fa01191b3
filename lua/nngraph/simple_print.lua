-- nngraph.simple_print: Graphviz output of a graph that shows only the nodes with
-- a module other than nn.Identity (the others are contracted away).
local M = {}

local function isGood(node)
   return node.data and node.data.module and torch.typename(node.data.module) ~= 'nn.Identity'
end

-- the kept nodes, renumbered 1..n, and the edges between them
local function simplify(g)
   local keep, index = {}, {}
   for _, node in ipairs(g.nodes) do
      if isGood(node) then
         keep[#keep + 1] = node
         index[node] = #keep
      end
   end
   local edges = {}
   for _, node in ipairs(keep) do
      -- the nearest kept nodes below this one
      local seen, stack = {}, {}
      for _, c in ipairs(node.children) do stack[#stack + 1] = c end
      while #stack > 0 do
         local n = table.remove(stack)
         if not seen[n] then
            seen[n] = true
            if index[n] then
               edges[#edges + 1] = {index[node], index[n]}
            else
               for _, c in ipairs(n.children) do stack[#stack + 1] = c end
            end
         end
      end
   end
   return keep, edges
end

function M.todot(g, title)
   local nodes, edges = simplify(g)
   local out = {'digraph G {\n'}
   if title then out[#out + 1] = 'labelloc="t";\nlabel="' .. title .. '";\n' end
   out[#out + 1] = 'node [shape = oval]; '
   for i, node in ipairs(nodes) do
      out[#out + 1] = '\nn' .. i .. '[label=' .. graph._dotEscape('Node' .. i .. '\n' .. node:label()) .. '];'
   end
   out[#out + 1] = '\n'
   for _, e in ipairs(edges) do
      out[#out + 1] = 'n' .. e[1] .. ' -> n' .. e[2] .. ';\n'
   end
   out[#out + 1] = '}'
   return table.concat(out)
end

-- writes fname.dot (and fname.svg when graphviz is installed); returns the .dot path
function M.dot(g, title, fname)
   fname = fname or os.tmpname()
   local fndot = fname .. '.dot'
   local f = assert(io.open(fndot, 'w'))
   f:write(M.todot(g, title))
   f:close()
   if graph.hasGraphviz() then
      os.execute(string.format("dot -Tsvg -o '%s.svg' '%s'", fname, fndot))
      return fndot, fname .. '.svg'
   end
   io.stderr:write('nngraph.simple_print.dot: graphviz is not installed; wrote ' .. fndot .. ' only\n')
   return fndot
end

return M
