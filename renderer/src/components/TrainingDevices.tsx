/** Training mode only: drive the simulated reader and printer, so every step can be practised without hardware. */
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { invoke } from '../client/client';

export function TrainingDevices() {
  const { t } = useTranslation();
  const place = (sample: 'resident' | 'hmt-permit' | 'foreign-2017' | 'foreign-2023') => void invoke('training.placeCard', { sample });
  const printer = (action: 'paper-out' | 'paper-in' | 'cover-open' | 'cover-close') => void invoke('training.printer', { action });
  return (
    <div className="training-devices" data-testid="training-devices">
      <Typography.Text type="secondary">{t('training.title')}</Typography.Text>
      <Space wrap size="small">
        <Button size="small" onClick={() => place('resident')} data-testid="sim-card-resident">{t('training.resident')}</Button>
        <Button size="small" onClick={() => place('hmt-permit')} data-testid="sim-card-hmt">{t('training.hmt')}</Button>
        <Button size="small" onClick={() => place('foreign-2023')} data-testid="sim-card-foreign">{t('training.foreign')}</Button>
        <Button size="small" onClick={() => void invoke('training.removeCard', {})} data-testid="sim-card-remove">{t('training.remove')}</Button>
        <Button size="small" onClick={() => printer('paper-out')} data-testid="sim-paper-out">{t('training.paperOut')}</Button>
        <Button size="small" onClick={() => printer('paper-in')} data-testid="sim-paper-in">{t('training.paperIn')}</Button>
        <Button size="small" onClick={() => printer('cover-open')}>{t('training.coverOpen')}</Button>
        <Button size="small" onClick={() => printer('cover-close')}>{t('training.coverClose')}</Button>
      </Space>
    </div>
  );
}
