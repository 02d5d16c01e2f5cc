# Copyright 2024 Bytedance Ltd. (stand-in for SEIF's verl/utils/dataset.py)
import os


def collate_fn(features):
    return features


# **************************Instructor Training**************************
class RLHFDataset:
    """Instructor dataset â€? seed questions wrapped in the HARD/SOFT templates."""

    ROLE = "instructor"
    REQUIRED = ("prompt",)

    def __init__(self, rows):
        self.rows = rows



# # **************************Follower Training**************************
# class RLHFDataset:
#     """Follower dataset: prompt + instruction_id_list + kwargs + constraint."""
#
#     ROLE = "follower"
#     REQUIRED = ("prompt", "instruction_id_list", "kwargs", "constraint")
#
#     def __init__(self, rows):
#         self.rows = rows
