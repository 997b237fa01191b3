-- require 'graph': directed graphs (graph.Graph, graph.Node, graph.Edge), topological
-- sort, reversal, roots/leaves, and Graphviz output (graph.dot), as torch/graph does.
-- nngraph builds its forward/backward graphs with it.
require 'torch'
graph = graph or {}
package.loaded.graph = graph

require 'graph.Node'
require 'graph.Edge'
require 'graph.Graph'
require 'graph.graphviz'

return graph
