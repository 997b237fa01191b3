-- debugging helpers: nngraph.setDebug, nngraph.annotateNodes, nngraph.display
local utils = require 'nngraph.utils'

-- Graphviz source of g with failedNode filled in red
local function toDotMarked(g, title, failedNode)
   local str = g:todot(title)
   if not failedNode then return str end
   for _, node in ipairs(g.nodes) do
      if node.data == failedNode.data then
         str = str:gsub('}%s*$', '')
         return str .. string.format('n%s[style=filled, fillcolor=red];\n}', node.id)
      end
   end
   return str
end

local function exists(fname)
   local f = io.open(fname, 'r')
   if f then f:close() return true end
   return false
end

-- with debug on, a failing gModule writes <name>.dot (and .svg when graphviz is
-- installed) with the failing node in red; name is gm.name or nngraph_<n>in_<m>out
function nngraph._saveFailedGraph(gm, failedNode)
   local nInputs = gm.nInputs or #gm.innode.children
   local prefix = gm.name or string.format('nngraph_%sin_%sout', nInputs, #gm.outnode.children)
   if exists(prefix .. '.svg') or exists(prefix .. '.dot') then
      prefix = prefix .. '_' .. (os.tmpname():match('([^/\\]+)$') or tostring(os.time()))
   end
   local dot = toDotMarked(gm.fg, prefix, failedNode)
   local f = io.open(prefix .. '.dot', 'w')
   if not f then return end
   f:write(dot)
   f:close()
   if graph.hasGraphviz() then
      io.stderr:write(string.format('saving %s.svg\n', prefix))
      os.execute(string.format("dot -Tsvg -o '%s.svg' '%s.dot'", prefix, prefix))
   else
      io.stderr:write(string.format('saving %s.dot (graphviz is not installed, so no svg)\n', prefix))
   end
end

nngraph._debug = false
-- when enabled, an error inside a gModule saves its graph with the failing node marked
function nngraph.setDebug(enable)
   nngraph._debug = enable and true or false
end

-- names the nngraph.Nodes held in local variables of the calling function
-- (stackLevel 1) after those variables, unless they already have a name
function nngraph.annotateNodes(stackLevel)
   stackLevel = stackLevel or 1
   for index = 1, math.huge do
      local name, value = debug.getlocal(stackLevel + 1, index)
      if not name then break end
      if torch.typename(value) == 'nngraph.Node' and not value.data.annotations.name then
         value:annotate({name = name})
      end
   end
end

-- writes the forward graph of gm to a temporary .dot (+ .svg with graphviz) and
-- opens it when a viewer is available; returns the file written
function nngraph.display(gm)
   if torch.typename(gm) ~= 'nn.gModule' then
      utils.error('nngraph.display: expecting an nn.gModule, got ' .. torch.type(gm))
   end
   local fname = os.tmpname()
   os.remove(fname)   -- only its name is wanted
   local fndot, rendered = graph.dot(gm.fg, gm.name or 'nn.gModule', fname)
   local shown = rendered or fndot
   if rendered then
      local ffi = require 'ffi'
      local cmd = ffi.os == 'OSX' and 'open' or 'xdg-open'
      local a = os.execute('command -v ' .. cmd .. ' >/dev/null 2>&1')
      if a == 0 or a == true then
         os.execute(cmd .. " '" .. rendered .. "' >/dev/null 2>&1 &")
      else
         print('nngraph.display: graph written to ' .. rendered)
      end
   else
      print('nngraph.display: graph source written to ' .. fndot ..
         " (install graphviz to get an svg: the `dot` program renders it)")
   end
   return shown
end
