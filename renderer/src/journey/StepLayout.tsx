/**
 * One step's work area: what the step needs on top, its actions in a bar at the bottom that
 * never leaves the screen. When unusual content (four businesses' consent texts) does not fit,
 * only the content scrolls; the question and the primary action stay in view.
 */
import type { ReactNode } from 'react';

export function StepLayout({ children, actions, testId }: { children: ReactNode; actions?: ReactNode; testId?: string }) {
  return (
    <div className="step-layout" data-testid={testId}>
      <div className="step-body">{children}</div>
      {actions && <div className="step-actions">{actions}</div>}
    </div>
  );
}
