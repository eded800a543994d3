/**
 * Training mode only: drive the simulated reader and printer, so every step can be practised
 * without hardware. The buttons never keep the focus: a click leaves it where the clerk was
 * working, and a button pressed from the keyboard hands it back, so Enter goes on with the step
 * instead of placing the card again.
 */
import { Button, Space } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../client/client';

export function TrainingDevices() {
  const { t } = useTranslation();
  const bar = useRef<HTMLDivElement>(null);
  const before = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const note = (e: FocusEvent) => {
      if (e.target instanceof HTMLElement && !bar.current?.contains(e.target)) before.current = e.target;
    };
    document.addEventListener('focusin', note);
    return () => document.removeEventListener('focusin', note);
  }, []);
  const giveBack = () => {
    const active = document.activeElement;
    if (!(active instanceof HTMLElement) || !bar.current?.contains(active)) return;
    // Back to the field the clerk was working in; a button reached by Tab through the header
    // hands the focus to the page itself, where the step's keys (Enter) work.
    const back = before.current;
    if (back?.isConnected && back.closest('.content')) back.focus();
    else active.blur();
  };
  const run = (f: () => Promise<unknown>) => () => {
    giveBack();
    void f().catch(() => undefined);
  };
  const place = (sample: 'resident' | 'hmt-permit' | 'foreign-2017' | 'foreign-2023') => run(() => invoke('training.placeCard', { sample }));
  const printer = (action: 'paper-out' | 'paper-in' | 'cover-open' | 'cover-close') => run(() => invoke('training.printer', { action }));
  const button = (label: string, onClick: () => void, testId?: string) => (
    <Button size="small" onMouseDown={(e) => e.preventDefault()} onClick={onClick} data-testid={testId}>
      {label}
    </Button>
  );
  return (
    <div className="training-devices" data-testid="training-devices" ref={bar} role="group" aria-label={t('training.title')}>
      <Space size={4}>
        {button(t('training.resident'), place('resident'), 'sim-card-resident')}
        {button(t('training.hmt'), place('hmt-permit'), 'sim-card-hmt')}
        {button(t('training.foreign'), place('foreign-2023'), 'sim-card-foreign')}
        {button(t('training.remove'), run(() => invoke('training.removeCard', {})), 'sim-card-remove')}
        {button(t('training.paperOut'), printer('paper-out'), 'sim-paper-out')}
        {button(t('training.paperIn'), printer('paper-in'), 'sim-paper-in')}
        {button(t('training.coverOpen'), printer('cover-open'), 'sim-cover-open')}
        {button(t('training.coverClose'), printer('cover-close'), 'sim-cover-close')}
      </Space>
    </div>
  );
}
