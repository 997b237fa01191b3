-- A neural language model trained with hand-written backprop, after torch/tutorials
-- coursera_neural_nets/assignment2/solution (fprop.lua + train.lua): plain tensor
-- code (torch.reshape, index, repeatTensor, the * + - operators, unary minus,
-- torch.max / torch.sum keeping the dimension, cmul / cdiv / log / exp / pow,
-- x[{}] = 0), no nn. The data are synthetic 4-grams over a 12-word vocabulary
-- (each word determines the next with high probability) instead of the
-- assignment's data.mat; one epoch of 20 mini-batches by default.

torch.manualSeed(1)

-- SYNTHETIC DATA: numwords x batchsize x numbatches inputs, 1 x batchsize x numbatches targets
local function load_data(N)
   local vocab_size = 12
   local vocab_ByIndex = {}
   for i = 1, vocab_size do vocab_ByIndex[i] = 'w' .. i end
   local function make(nb)
      local inp = torch.Tensor(3, N, nb)
      local tgt = torch.Tensor(1, N, nb)
      for b = 1, nb do
         for j = 1, N do
            local w = torch.random(vocab_size)
            for k = 1, 4 do
               if k <= 3 then inp[k][j][b] = w else tgt[1][j][b] = w end
               -- the next word: w+1 (mod vocab) most of the time
               if torch.uniform() < 0.9 then w = w % vocab_size + 1 else w = torch.random(vocab_size) end
            end
         end
      end
      return inp, tgt
   end
   local train_input, train_target = make(20)
   local valid_input, valid_target = make(1)
   local test_input, test_target = make(1)
   return train_input, train_target, valid_input[{ {}, {}, 1 }], valid_target[{ {}, {}, 1 }],
          test_input[{ {}, {}, 1 }], test_target[{ {}, {}, 1 }], {}, vocab_size, vocab_ByIndex
end

function fprop(input_batch, word_embedding_weights, embed_to_hid_weights,
               hid_to_output_weights, hid_bias, output_bias)
   numwords = input_batch:size(1);
   batchsize = input_batch:size(2);
   vocab_size = (#word_embedding_weights)[1];
   numhid1 = (#word_embedding_weights)[2]
   numhid2 = (#embed_to_hid_weights)[2];

   input = torch.reshape(input_batch, 1, numwords * batchsize);
   input_word_indexes = torch.reshape(input,(#input)[2]):type('torch.LongTensor');
   word_weights = word_embedding_weights:index(1,input_word_indexes);
   embedding_layer_state = torch.reshape(word_weights:transpose(1,2) ,numhid1 * numwords, batchsize);

   inputs_to_hidden_units = embed_to_hid_weights:transpose(1,2) * embedding_layer_state + torch.repeatTensor(hid_bias, 1, batchsize);
   hidden_layer_state = ( ((-inputs_to_hidden_units):exp():add(1)):pow(-1) );

   inputs_to_softmax = hid_to_output_weights:transpose(1,2) * hidden_layer_state +  torch.repeatTensor(output_bias, 1, batchsize);
   inputs_to_softmax = inputs_to_softmax - torch.repeatTensor(torch.max(inputs_to_softmax,1), vocab_size, 1);
   output_layer_state = torch.exp(inputs_to_softmax);
   ols_sum = torch.repeatTensor(torch.sum(output_layer_state, 1), vocab_size, 1);
   output_layer_state = torch.cdiv(output_layer_state,ols_sum);

   return embedding_layer_state, hidden_layer_state, output_layer_state;
end

function train(epochs)
   start_time = os.clock();
   batchsize = 100;
   learning_rate = 0.1;
   momentum = 0.9;
   numhid1 = 50;
   numhid2 = 200;
   init_wt = 0.01;
   show_training_CE_after = 5;
   show_validation_CE_after = 10;

   train_input, train_target, valid_input, valid_target, test_input, test_target, vocab, vocab_size, vocab_ByIndex = load_data(batchsize);

   numwords = (#train_input)[1];
   batchsize = (#train_input)[2];
   numbatches = (#train_input)[3];

   word_embedding_weights = torch.randn(vocab_size, numhid1);
   embed_to_hid_weights = torch.randn(numwords * numhid1, numhid2) * init_wt ;
   hid_to_output_weights = torch.randn(numhid2, vocab_size) * init_wt;
   hid_bias = torch.zeros(numhid2, 1);
   output_bias = torch.zeros(vocab_size, 1);

   word_embedding_weights_delta = torch.zeros(vocab_size, numhid1);
   word_embedding_weights_gradient = torch.zeros(vocab_size, numhid1);
   embed_to_hid_weights_delta = torch.zeros(numwords * numhid1, numhid2);
   hid_to_output_weights_delta = torch.zeros(numhid2, vocab_size);
   hid_bias_delta = torch.zeros(numhid2, 1);
   output_bias_delta = torch.zeros(vocab_size, 1);
   expansion_matrix = torch.eye(vocab_size);
   count = 0;
   tiny = math.exp(-30);

   for epoch = 1,epochs do
      print('Epoch %d', epoch);
      this_chunk_CE = 0;
      trainset_CE = 0;
      for m = 1, numbatches do
         input_batch = train_input[{ {}, {}, m}];
         target_batch = train_target[{ {}, {}, m}];

         embedding_layer_state, hidden_layer_state, output_layer_state = fprop(input_batch,word_embedding_weights,
            embed_to_hid_weights, hid_to_output_weights, hid_bias, output_bias);

         target_indexes =  torch.reshape(target_batch,(#target_batch)[2]):type('torch.LongTensor');
         expanded_target_batch = expansion_matrix:index(2, target_indexes);
         error_deriv = output_layer_state - expanded_target_batch;

         s = torch.cmul(expanded_target_batch, torch.log(output_layer_state + tiny));
         CE = -torch.sum(s) / batchsize;
         count =  count + 1;
         this_chunk_CE = this_chunk_CE + (CE - this_chunk_CE) / count;
         trainset_CE = trainset_CE + (CE - trainset_CE) / m;
         print(string.format("Batch %.0f Train CE %f",m, this_chunk_CE));
         if math.fmod(m, show_training_CE_after) == 0 then
            print('\n');
            count = 0;
            this_chunk_CE = 0;
         end

         hid_to_output_weights_gradient =  hidden_layer_state * error_deriv:transpose(1,2);
         output_bias_gradient = torch.sum(error_deriv, 2);

         s = torch.cmul((hid_to_output_weights * error_deriv), hidden_layer_state );
         back_propagated_deriv_1 = torch.cmul(s,(-hidden_layer_state+1));

         embed_to_hid_weights_gradient = embedding_layer_state * back_propagated_deriv_1:transpose(1,2);
         hid_bias_gradient = torch.sum(back_propagated_deriv_1, 2);
         back_propagated_deriv_2 = embed_to_hid_weights * back_propagated_deriv_1;

         word_embedding_weights_gradient[{}] = 0;
         for w = 1, numwords do
            input_word_indexes =  input_batch[{w, {}}]:type('torch.LongTensor');
            em = expansion_matrix:index(2,input_word_indexes);
            b = back_propagated_deriv_2[{ {1 + (w - 1) * numhid1,w * numhid1},{} }];
            word_embedding_weights_gradient = word_embedding_weights_gradient + em * b:transpose(1,2);
         end

         word_embedding_weights_delta = torch.mul(word_embedding_weights_delta,momentum) + torch.div(word_embedding_weights_gradient,batchsize);
         word_embedding_weights = word_embedding_weights - torch.mul(word_embedding_weights_delta,learning_rate);
         embed_to_hid_weights_delta = torch.mul(embed_to_hid_weights_delta,momentum) + torch.div(embed_to_hid_weights_gradient,batchsize);
         embed_to_hid_weights = embed_to_hid_weights - torch.mul(embed_to_hid_weights_delta,learning_rate);
         hid_to_output_weights_delta = torch.mul(hid_to_output_weights_delta,momentum) + torch.div(hid_to_output_weights_gradient,batchsize);
         hid_to_output_weights = hid_to_output_weights - torch.mul(hid_to_output_weights_delta,learning_rate);
         hid_bias_delta = torch.mul(hid_bias_delta,momentum) + torch.div(hid_bias_gradient,batchsize);
         hid_bias = hid_bias -  torch.mul(hid_bias_delta,learning_rate);
         output_bias_delta = torch.mul(output_bias_delta,momentum) + torch.div(output_bias_gradient,batchsize);
         output_bias = output_bias - torch.mul(output_bias_delta,learning_rate);

         if math.fmod(m, show_validation_CE_after) == 0 then
            print('\rRunning validation ...');
            embedding_layer_state, hidden_layer_state, output_layer_state = fprop(valid_input, word_embedding_weights, embed_to_hid_weights,
                          hid_to_output_weights, hid_bias, output_bias);
            datasetsize = (#valid_input)[2];
            target_indexes =  valid_target[{1, {}}]:type('torch.LongTensor');
            expanded_valid_target = expansion_matrix:index(2,target_indexes);
            s = torch.cmul(expanded_valid_target, torch.log(output_layer_state + tiny));
            CE = -torch.sum(s) / datasetsize;
            print(' Validation CE %.3f\n', CE);
         end
      end
      print(string.format('\rAverage Training CE %.3f\n', trainset_CE));
   end
   print('Finished Training.\n');
   print(string.format('Final Training CE %.3f\n', trainset_CE));

   embedding_layer_state, hidden_layer_state, output_layer_state = fprop(test_input, word_embedding_weights, embed_to_hid_weights,
           hid_to_output_weights, hid_bias, output_bias);
   datasetsize = (#test_input)[2];
   t =  test_target[{1, {}}];
   expanded_test_target = expansion_matrix:index(2,t:type('torch.LongTensor'));
   s = torch.cmul(expanded_test_target, torch.log(output_layer_state + tiny));
   CE = -torch.sum(s) / datasetsize;
   print(string.format('\rFinal Test CE %.3f\n', CE));

   -- accuracy of the most likely next word (torch.max over the vocabulary)
   local _, pred = torch.max(output_layer_state, 1)
   print(string.format('Test accuracy %.2f', pred:double():eq(t):sum() / datasetsize))

   local model = {};
   model.word_embedding_weights = word_embedding_weights;
   model.embed_to_hid_weights = embed_to_hid_weights;
   model.hid_to_output_weights = hid_to_output_weights;
   model.hid_bias = hid_bias;
   model.output_bias = output_bias;
   model.vocab = vocab;
   model.vocab_ByIndex = vocab_ByIndex;
   return model;
end

model = train(tonumber(arg[1]) or 1)

-- predict_next_word: the 3 most likely words after 'w1 w2 w3'
local input = torch.Tensor{1, 2, 3}:view(3, 1)
local _, _, prob = fprop(input, model.word_embedding_weights, model.embed_to_hid_weights,
                         model.hid_to_output_weights, model.hid_bias, model.output_bias)
local p, idx = torch.sort(prob, 1, true)
for i = 1, 3 do
   print(string.format('w1 w2 w3 %s Prob: %.5f', model.vocab_ByIndex[idx[i][1]], p[i][1]))
end
