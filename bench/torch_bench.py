"""What the torch benchmarks (bench_train.py, bench_score.py) share: dtype names, the device's
name for the printed figures, and a synchronisation point before reading a clock."""

import torch

DTYPES = {"float32": None, "bf16": torch.bfloat16, "fp16": torch.float16}


def device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return f"CPU, {torch.get_num_threads()} threads"


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)
