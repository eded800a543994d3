/** A render error shows a clear message and a way back, never a white screen. */
import { Component, type ReactNode } from 'react';
import { Button, Result } from 'antd';
import i18next from 'i18next';

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<{ children: ReactNode; onBack?: () => void }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    const t = i18next.t.bind(i18next);
    return (
      <Result
        status="error"
        title={t('error.title')}
        subTitle={this.state.error.message}
        extra={[
          <Button
            key="back"
            type="primary"
            autoFocus
            onClick={() => {
              this.setState({ error: null });
              this.props.onBack?.();
            }}
          >
            {t('error.back')}
          </Button>,
          <Button key="reload" onClick={() => window.location.reload()}>
            {t('error.reload')}
          </Button>,
        ]}
      />
    );
  }
}
