-- require 'pl': Penlight's entry point. Its modules become globals on first use; th does that
-- at start-up already (lua/torch/utils.lua: `path`, `lapp`), so there is nothing left to do.
return true
