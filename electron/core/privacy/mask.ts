/** The masks live in the contract: the renderer, the printer templates and the core share one rule. */
export * from '../../contract/mask';
