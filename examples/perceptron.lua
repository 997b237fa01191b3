-- The perceptron learning algorithm, after torch/tutorials coursera_neural_nets
-- assignment1 (solution/learn_perceptron.lua): 2-D examples with a bias column,
-- weights w (3x1) updated with w = w + (this_case * t)*alpha, where this_case is
-- 1x3: torch7 adds by element count (no broadcasting), so the result keeps w's
-- 3x1 shape. The datasets (matio .mat files) are replaced by a small linearly
-- separable synthetic set, and plot_perceptron (gfx.js) by a no-op.

require 'torch'

torch.manualSeed(3)

function plot_perceptron() end

function learn_perceptron(neg_examples_nobias,pos_examples_nobias,w_init,w_gen_feas)
   print ("*** starting function:learn_perceptron");

   num_neg_examples = (#neg_examples_nobias)[1]
   num_pos_examples = (#pos_examples_nobias)[1]
   num_err_history = {};
   w_dist_history = {};

   neg_examples = torch.Tensor(num_neg_examples,3):fill(1);
   neg_examples[{ {},{2,3} }] = neg_examples_nobias

   pos_examples = torch.Tensor(num_pos_examples,3):fill(1);
   pos_examples[{ {},{2,3} }] = pos_examples_nobias

   if (w_init==nil) then
      w = torch.rand(3,1)
   else
      w = w_init;
   end

   if(w_gen_feas~=nil) then
      w_gen_feas = {};
   end

   iter = 1;
   mistakes0, mistakes1 = eval_perceptron(neg_examples,pos_examples,w);
   num_errs = #(mistakes0) + #(mistakes1);
   num_err_history[0+1] = num_errs;
   print('Iteration: ',iter);
   print('# of errors: ',num_errs);
   print();
   print('weights:');
   print(w);

   if (#(w_gen_feas) ~= 0) then
      w_dist_history[0+1]= norm(w - w_gen_feas);
   end

   plot_perceptron(neg_examples_nobias, pos_examples_nobias, mistakes0, mistakes1, num_err_history, w, w_dist_history);

   while (num_errs > 0) do
      iter = iter + 1;
      w = update_weights(neg_examples,pos_examples,w);
      if (#(w_gen_feas) ~= 0) then
         w_dist_history[0+1] = norm(w - w_gen_feas);
      end
      mistakes0, mistakes1 = eval_perceptron(neg_examples,pos_examples,w);
      num_errs = #(mistakes0) + #(mistakes1);
      num_err_history[0+1] = num_errs;

      print('Iteration: ',iter);
      print('# of errors: ',num_errs);
      print();
      print('weights:');
      print(w);
   end
   return w
end

function update_weights(neg_examples, pos_examples, w_current)
   w = w_current;
   alpha = 1;
   pos_class = 1;
   neg_class = -1;

   num_neg_examples = (#neg_examples)[1];
   num_pos_examples = (#pos_examples)[1];
   for i=1, num_neg_examples do
      this_case = torch.Tensor(1,3);
      this_case[{ {1},{} }]  = neg_examples[{ i,{} }];
      activation = this_case*w;
      if (activation[{ 1, 1}] >= 0) then
         t = neg_class;
         w = w + (this_case * t)*alpha;
      end
   end
   for i=1, num_pos_examples do
      this_case = torch.Tensor(1,3);
      this_case[{ {1},{} }]  = pos_examples[{ i,{} }];
      activation = this_case*w;
      if (activation[{ 1, 1}] < 0) then
         t = pos_class;
         w = w + (this_case * t)*alpha;
      end
   end
   return w;
end

function eval_perceptron(neg_examples, pos_examples, w)
   num_neg_examples = (#neg_examples)[1];
   num_pos_examples = (#pos_examples)[1];
   mistakes0 = {};
   mistakes1 = {};
   for i=1, (num_neg_examples) do
      x = torch.Tensor(1,3);
      x[{ {1},{} }] = neg_examples[{ i,{} }];
      activation = x * w
      if (activation[{ 1, 1}]  >= 0) then
         mistakes0[#mistakes0+1] = i
      end
   end
   for i=1, (num_pos_examples) do
      x = torch.Tensor(1,3);
      x[{ {1},{} }]  = pos_examples[{ i,{} }];
      activation = x * w
      if (activation[{ 1, 1}] < 0) then
         mistakes1[#mistakes1+1] = i
      end
   end
   return mistakes0, mistakes1
end

-- synthetic data: classes on either side of the line x2 = 0.5*x1 + 0.2, with a margin
local function make(n, sign)
   local e = torch.Tensor(n, 2)
   local k = 0
   while k < n do
      local p = torch.rand(2):mul(2):add(-1)
      local d = p[2] - 0.5 * p[1] - 0.2
      if d * sign > 0.15 then k = k + 1; e[k] = p end
   end
   return e
end
neg_examples_nobias = make(8, -1)
pos_examples_nobias = make(8, 1)
w_init = torch.Tensor{{-0.6}, {0.8}, {0.3}}

w = learn_perceptron(neg_examples_nobias, pos_examples_nobias, w_init, {})
print(string.format('converged after %d iterations; w is %dx%d', iter, w:size(1), w:size(2)))
