import pytest
import torch

from .helpers import write_bundle, write_reference_data, write_tiny_pipeline


@pytest.fixture(autouse=True)
def one_thread():
    # The tiny models are made of many small kernels: a second thread only adds contention.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="session")
def tiny_pipeline(tmp_path_factory):
    return write_tiny_pipeline(tmp_path_factory.mktemp("refl") / "pipeline")


@pytest.fixture(scope="session")
def bundle(tmp_path_factory):
    return write_bundle(tmp_path_factory.mktemp("refl") / "bundle")


@pytest.fixture(scope="session")
def pretrain_data(tmp_path_factory):
    return write_reference_data(tmp_path_factory.mktemp("refl") / "snapshot")
