"""One training step of the paper's reference loop for its 1-D "ours" models (NCE + KL(p||q)).

Re-typed from the loop of the authors' 1dregression_*/ebmdn4_train_K*.py, with .cuda() left out:
that script trains 20 models as soon as it is imported, so it cannot be called. Used by
export_reference_steps.py (the parity fixture) and run_reference_seed.py (one seed, 75 epochs).
"""
import math

import torch


def step(network, optimizer, xs, ys, num_samples):
    """One Adam step on the batch (xs, ys), both [B, 1]; returns (loss, nce, kl, draws [B, M])."""
    x_features = network.feature_net(xs)
    means, log_sigma2s, weights = network.noise_net(x_features.detach())
    sigmas = torch.exp(log_sigma2s / 2.0)
    q_distr = torch.distributions.normal.Normal(loc=means, scale=sigmas)
    q_ys_K = torch.exp(q_distr.log_prob(torch.transpose(ys, 1, 0).unsqueeze(2)))
    q_ys = torch.sum(weights.unsqueeze(0) * q_ys_K, dim=2).squeeze(0)
    y_samples_K = q_distr.sample(sample_shape=torch.Size([num_samples]))
    inds = torch.multinomial(weights, num_samples=num_samples, replacement=True).unsqueeze(2)
    inds = torch.transpose(inds, 1, 0)
    y_samples = y_samples_K.gather(2, inds).squeeze(2).detach()
    q_y_samples_K = torch.exp(q_distr.log_prob(y_samples.unsqueeze(2)))
    q_y_samples = torch.sum(weights.unsqueeze(0) * q_y_samples_K, dim=2)
    y_samples = torch.transpose(y_samples, 1, 0)
    q_y_samples = torch.transpose(q_y_samples, 1, 0)
    scores_gt = network.predictor_net(x_features, ys).squeeze(1)
    scores_samples = network.predictor_net(x_features, y_samples)

    exp_vals_0 = scores_gt - torch.log(q_ys.detach() + 0.0)
    exp_vals_samples = scores_samples - torch.log(q_y_samples.detach() + 0.0)
    exp_vals = torch.cat([exp_vals_0.unsqueeze(1), exp_vals_samples], dim=1)
    loss_ebm_nce = -torch.mean(exp_vals_0 - torch.logsumexp(exp_vals, dim=1))
    log_Z = torch.logsumexp(scores_samples.detach() - torch.log(q_y_samples), dim=1) - math.log(num_samples)
    loss_mdn_kl = torch.mean(log_Z)
    loss = loss_ebm_nce + loss_mdn_kl

    optimizer.zero_grad()
    loss.backward()
    return loss, loss_ebm_nce, loss_mdn_kl, y_samples


def network_class(folder, components):
    """The authors' ToyNet for K components, imported from their folder."""
    import importlib
    import sys
    sys.path.insert(0, folder)
    return importlib.import_module("ebmdn_model_K%d" % components).ToyNet
