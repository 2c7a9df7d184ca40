"""监督检查: random-inspection plans, the inspectors' tasks and records, the abnormal operation list."""
