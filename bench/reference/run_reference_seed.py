#!/usr/bin/python3
"""Train and score one seed of the paper's reference implementation on a 1-D dataset.

The reference's own recipe: the authors' ToyNet (imported from a checkout of
github.com/fregu856/ebms_proposals), their data files, DataLoader(batch 32, shuffle=True), Adam 1e-3,
75 epochs, M = 1024, the step of reference_step.py (their loop, re-typed), then their evaluation,
re-typed from their eval scripts: dataset 1, KL(p_true || p_EBM) on 2048 x values of [-3, 3] against
their gt_x_values_2_scores.pkl over 2048 y values of [-3, 3]; dataset 2, the test NLL with
p(y|x) = exp f(x,y) / (25 * mean exp f over 8192 y of [-12.5, 12.5]). What changed: CPU and one
thread instead of CUDA, one seed per process (torch.manual_seed(seed)), no plots or checkpoints,
and both metrics are also computed in log space in float64 ("value"; the reference's own float32
exp, which overflows to an infinite KL or a NaN NLL for a model whose energies exceed about 88, is
kept as "value_as_published").
Prints one JSON line: seed, metric, value, train seconds, steps/s, peak RSS.

  /usr/bin/python3 bench/reference/run_reference_seed.py --reference ~/ebms_proposals --dataset 1 --seed 3
"""
import argparse
import json
import os
import pickle
import resource
import tempfile
import time

import numpy as np
import torch

import reference_step


def load(folder, name):
    with open(os.path.join(folder, name), "rb") as f:
        return np.asarray(pickle.load(f)).astype(np.float32).reshape(-1)  # dataset 2 stores [N, 1] float64


def true_density(x, y):
    """Dataset 1's density, from the generator in the reference's datasets.py: for x < 0 a mixture
    0.8 N(sin x, 0.075) + 0.2 N(-sin x, 0.075), for x >= 0 y + 1 ~ LogNormal(0, 0.25)."""
    if x < 0:
        n = lambda m: np.exp(-0.5 * ((y - m) / 0.075) ** 2) / (0.075 * np.sqrt(2 * np.pi))
        return 0.8 * n(np.sin(x)) + 0.2 * n(-np.sin(x))
    l = y + 1.0
    out = np.zeros_like(y)
    ok = l > 0
    z = np.log(l[ok]) / 0.25
    out[ok] = np.exp(-0.5 * z * z) / (l[ok] * 0.25 * np.sqrt(2 * np.pi))
    return out


def kl_dataset1(network, folder):
    # the reference reads the true scores from gt_x_values_2_scores.pkl (not in every checkout: a large
    # file); they are the density of its generator on the same grid, computed here
    grid = np.linspace(-3.0, 3.0, 2048)
    gt = {float(x): true_density(float(x), grid) for x in np.linspace(-3.0, 3.0, 2048, dtype=np.float32)}
    xs = np.linspace(-3.0, 3.0, 2048, dtype=np.float32)
    ys = torch.from_numpy(np.linspace(-3.0, 3.0, 2048).astype(np.float32))
    kl, kl_as_published = 0.0, 0.0
    with torch.no_grad():
        for start in range(0, len(xs), 32):
            x = torch.from_numpy(xs[start:start + 32]).unsqueeze(1)
            scores = network.predictor_net(network.feature_net(x), ys.expand(x.shape[0], -1)).numpy()
            for i, x_value in enumerate(x.squeeze(1).tolist()):
                g = gt[x_value].flatten() + 1.0e-30
                g = g / np.sum(g)
                # the reference's own formula: exp of float32 scores, which overflows (and then gives
                # an infinite KL) when an energy exceeds about 88
                s = np.exp(scores[i].flatten())
                prob = s / np.sum(s) if np.sum(s) > 1e-40 else np.ones(2048) / 2048
                kl_as_published += np.sum(g * np.log(g / prob)) / len(xs)
                # the same quantity with a log-softmax in float64 (what ours computes): finite
                f = scores[i].astype(np.float64)
                log_p = f - (np.max(f) + np.log(np.sum(np.exp(f - np.max(f)))))
                kl += np.sum(g * (np.log(g) - log_p)) / len(xs)
    return "kl_true_ebm", float(kl), float(kl_as_published)


def nll_dataset2(network, folder):
    xs, ys = load(folder, "x_test.pkl"), load(folder, "y_test.pkl")
    grid = torch.from_numpy(np.linspace(-12.5, 12.5, 8192).astype(np.float32))
    nlls, nlls_as_published = [], []
    with torch.no_grad():
        for start in range(0, len(xs), 32):
            x = torch.from_numpy(xs[start:start + 32]).unsqueeze(1)
            y = torch.from_numpy(ys[start:start + 32]).unsqueeze(1)
            h = network.feature_net(x)
            scores = network.predictor_net(h, grid.expand(x.shape[0], -1))
            f = network.predictor_net(h, y).squeeze(1)
            # the reference's own formula: exp of float32 energies (NaN once they overflow)
            p = torch.exp(f) / (25 * torch.mean(torch.exp(scores), dim=1))
            nlls_as_published += list((-torch.log(p)).numpy())
            # the same in log space, in float64 (what ours computes): -f + log 25 + log mean exp
            s64, f64 = scores.double(), f.double()
            nlls += list((-f64 + np.log(25.0) + torch.logsumexp(s64, dim=1) - np.log(s64.shape[1])).numpy())
    return "test_nll_ebm", float(np.mean(nlls)), float(np.mean(nlls_as_published))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference", required=True, help="checkout of fregu856/ebms_proposals")
    parser.add_argument("--dataset", type=int, choices=[1, 2], required=True)
    parser.add_argument("--components", type=int, help="K (default: 4 on dataset 1, 16 on dataset 2)")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--epochs", type=int, default=75)
    args = parser.parse_args()
    components = args.components or (4 if args.dataset == 1 else 16)
    folder = os.path.join(args.reference, "1dregression_%d" % args.dataset)

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    if args.dataset == 1:
        x, y = load(folder, "x.pkl"), load(folder, "y.pkl")
    else:
        x, y = load(folder, "x_train.pkl"), load(folder, "y_train.pkl")
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y)),
                                         batch_size=32, shuffle=True)
    network = reference_step.network_class(folder, components)("seed%d" % args.seed, project_dir=tempfile.mkdtemp())
    optimizer = torch.optim.Adam(network.parameters(), lr=0.001)
    steps = 0
    start = time.time()
    for epoch in range(args.epochs):
        network.train()
        for xs, ys in loader:
            reference_step.step(network, optimizer, xs.unsqueeze(1), ys.unsqueeze(1), 1024)
            optimizer.step()
            steps += 1
    seconds = time.time() - start
    network.eval()
    metric, value, as_published = kl_dataset1(network, folder) if args.dataset == 1 else nll_dataset2(network, folder)
    print(json.dumps({"side": "reference", "dataset": args.dataset, "components": components, "seed": args.seed,
                      "metric": metric, "value": value, "value_as_published": as_published, "train_seconds": round(seconds, 1),
                      "steps_per_second": round(steps / seconds, 1),
                      "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)}))


if __name__ == "__main__":
    main()
