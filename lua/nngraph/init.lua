-- require 'nngraph': graph networks for nn (torch/nngraph).
-- Loading it changes how modules are called: m(x), m({a, b}) and m() no longer
-- run forward but return an nngraph.Node wrapping m, with edges from the given
-- nodes; nn.gModule(inputs, outputs) turns such a graph into a module.
require 'nn'
require 'graph'

nngraph = nngraph or {}
package.loaded.nngraph = nngraph

local utils = require 'nngraph.utils'
require 'nngraph.Node'
require 'nngraph.gModule'
require 'nngraph.graphinspecting'
require 'nngraph.JustElement'
require 'nngraph.JustTable'
require 'nngraph.ModuleFromCriterion'
nngraph.simple_print = require 'nngraph.simple_print'
nngraph.nesting = require 'nngraph.nesting'

local Module = torch.getmetatable('nn.Module')

-- m(node), m({node1, node2}), m(): a new node applying m to the given nodes
function Module:__call__(...)
   local nArgs = select('#', ...)
   if nArgs > 1 then
      utils.error('Use {input1, input2} to pass multiple inputs.')
   end
   local input = ...
   if nArgs == 1 and input == nil then
      utils.error(utils.expectingNodeErrorMessage(input, 'inputs', 1))
   end
   -- an empty table is most likely a typo'd variable name inside {...}
   if type(input) == 'table' and not torch.typename(input) and next(input) == nil then
      utils.error('cannot pass an empty table of inputs. To indicate no incoming ' ..
         'connections, leave the second set of parens blank.')
   end
   if not utils.istable(input) then
      input = {input}
   end
   local mnode = nngraph.Node({module = self})
   for i = 1, utils.tableMaxN(input) do
      local dnode = input[i]
      if torch.typename(dnode) ~= 'nngraph.Node' then
         local msg = utils.expectingNodeErrorMessage(dnode, 'inputs', i)
         if torch.isTensor(dnode) then
            msg = msg .. ' (after require \'nngraph\', calling a module builds a graph node; ' ..
               'use m:forward(x) to run it)'
         end
         utils.error(msg)
      end
      mnode:add(dnode, true)
   end
   return mnode
end

-- operator sugar: -m is m(), and a - m is m(a) (a: a node or a table of nodes)
function Module.__unm__(obj)
   return obj()
end

function Module.__sub__(prev, nxt)
   return nxt(prev)
end

local Criterion = torch.getmetatable('nn.Criterion')
-- crit({prediction, target}): a node computing the loss
function Criterion:__call__(...)
   return nn.ModuleFromCriterion(self)(...)
end

return nngraph
