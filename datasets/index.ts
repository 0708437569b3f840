/** datasets: one registry of shipped data, generators and real-format loaders. */
export {};
