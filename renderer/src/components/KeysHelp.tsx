/** F1: the keys that work at the counter, in one calm list. */
import { Modal, Table } from 'antd';
import { useTranslation } from 'react-i18next';

const KEYS = ['Enter', 'Esc', 'F1', 'F2', 'F5', 'F8', 'F12', '1–9', 'Y / N', '1–4', 'A / D', '1 / 2', 'Tab'] as const;

export function KeysHelp({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} title={t('help.title')} footer={null} onCancel={onClose} destroyOnHidden width={640} style={{ top: 24 }} className="keys-help">
      <Table
        size="small"
        pagination={false}
        rowKey="key"
        data-testid="keys-help"
        dataSource={KEYS.map((key, i) => ({ key, what: t(`help.keys.${i}`) }))}
        columns={[
          { title: t('help.key'), dataIndex: 'key', width: 90, render: (k: string) => <kbd>{k}</kbd> },
          { title: t('help.what'), dataIndex: 'what' },
        ]}
      />
    </Modal>
  );
}
