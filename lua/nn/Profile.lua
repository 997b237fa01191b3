-- nn.Profile(module[, print_interval = 100[, name]]): a Decorator that prints the
-- time spent in print_interval forward passes.
local Profile, parent = torch.class('nn.Profile', 'nn.Decorator')


function Profile:__init(module, print_interval, name)
   parent.__init(self, module)
   self.print_interval = print_interval or 100
   self.name = name or torch.type(module)
   self.module = module
   self.numFwds = 0
   self.summedFwdTime = 0
end

function Profile:updateOutput(input)
   local t0 = os.clock()
   self.output = self.module:updateOutput(input)
   self.summedFwdTime = self.summedFwdTime + (os.clock() - t0)
   self.numFwds = self.numFwds + 1
   if self.numFwds % self.print_interval == 0 then
      print(string.format('%s took %.3f seconds for %d forward passes', self.name, self.summedFwdTime,
         self.print_interval))
      self.numFwds = 0
      self.summedFwdTime = 0
   end
   return self.output
end

return Profile
