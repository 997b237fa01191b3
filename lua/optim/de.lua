-- optim.de: differential evolution (DE/best/1/bin) with its own generator
-- seeded to 1, as in torch7.  config: popsize (10*D), scaleFactor,
-- crossoverRate, maxFEs (required), maxRegion (30), minRegion (-30).
-- Returns best_solution, fx (the fitness of every evaluation).
function optim.de(opfunc, x, config, state)
   local config = config or {}
   local popsize = config.popsize
   local scaleFactor = config.scaleFactor
   local crossoverRate = config.crossoverRate
   local maxFEs = tonumber(config.maxFEs)
   local maxRegion = config.maxRegion
   local minRegion = config.minRegion
   local xmean = x:clone():view(-1)
   local D = xmean:size(1)

   if config.popsize == nil then popsize = 10 * D end
   if config.maxRegion == nil then maxRegion = 30 end
   if config.minRegion == nil then minRegion = -30 end
   if not maxFEs then error('<optim.de> config.maxFEs (maximal number of function evaluations) is required', 2) end

   local fx = x.new(maxFEs)
   local pop = x.new(popsize, D)
   local children = x.new(popsize, D)
   local fitness = x.new(popsize)
   local children_fitness = x.new(popsize)
   local fes = 1
   local best_fitness
   local best_solution = x.new(D)

   local gen = torch.Generator()
   torch.manualSeed(gen, 1)

   pop:uniform(gen, minRegion, maxRegion)
   for i = 1, popsize do
      fitness[i] = opfunc(pop[i])
      fx[fes] = fitness[i]
      fes = fes + 1
   end

   -- torch7 starts from the population's maximum
   local index
   best_fitness, index = fitness:max(1)
   best_fitness = best_fitness[1]
   index = index[1]
   best_solution:copy(pop[index])

   while fes < maxFEs do
      local r1, r2
      for i = 1, popsize do
         repeat r1 = torch.random(gen, 1, popsize) until r1 ~= i
         repeat r2 = torch.random(gen, 1, popsize) until r2 ~= r1 and r2 ~= i
         local jrand = torch.random(gen, 1, D)
         for j = 1, D do
            if torch.uniform(gen, 0, 1) < crossoverRate or i == jrand then
               children[i][j] = best_solution[j] + scaleFactor * (pop[r1][j] - pop[r2][j])
            else
               children[i][j] = pop[i][j]
            end
         end
         children_fitness[i] = opfunc(children[i])
         fx[fes] = children_fitness[i]
         fes = fes + 1
      end
      for i = 1, popsize do
         if children_fitness[i] <= fitness[i] then
            pop[i]:copy(children[i])
            fitness[i] = children_fitness[i]
            if fitness[i] < best_fitness then
               best_fitness = fitness[i]
               best_solution:copy(children[i])
            end
         end
      end
   end
   return best_solution, fx
end
