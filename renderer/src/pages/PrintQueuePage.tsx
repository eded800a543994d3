/** The print queue: what is printing, what failed and why, a retry, and reprints with approval (F8). */
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { printQueueView } from '../../../base/contract/printing';
import { invoke, on } from '../client/client';
import { ApprovalDialog } from '../components/ApprovalDialog';
import { dateTime } from '../format';
import { errText } from '../i18n';

type View = z.infer<typeof printQueueView>;
const COLOR = { queued: 'blue', printing: 'processing', printed: 'green', failed: 'red' } as const;

/** `reprintRequest`: bumped by F8 anywhere — the page opens the approval to reprint the last receipt. */
export function PrintQueuePage({ reprintRequest = 0 }: { reprintRequest?: number }) {
  const { t } = useTranslation();
  const [view, setView] = useState<View | null>(null);
  const [preview, setPreview] = useState<string[] | null>(null);
  const [reprintOf, setReprintOf] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(() => void invoke('print.queue', {}).then(setView), []);
  useEffect(() => {
    load();
    return on('print.changed', load);
  }, [load]);
  // F8: the last customer receipt that left the queue (printed or failed) is the one to reprint.
  const [handled, setHandled] = useState(0);
  useEffect(() => {
    if (!view || reprintRequest === handled) return;
    setHandled(reprintRequest);
    const last = view.jobs.find((j) => j.kind === 'customer_receipt' && j.reprintOf === null && j.state !== 'queued' && j.state !== 'printing');
    if (last) setReprintOf(last.id);
    else setNotice(t('print.nothingToReprint'));
  }, [view, reprintRequest, handled, t]);
  if (!view) return null;
  return (
    <div data-testid="print-queue">
      <Typography.Title level={4}>{t('print.title')}</Typography.Title>
      {notice && <Alert type="info" showIcon closable onClose={() => setNotice(null)} title={notice} style={{ marginBottom: 8 }} data-testid="print-notice" />}
      {view.blocked && (
        <Alert
          type="warning"
          showIcon
          title={errText(view.blocked)}
          action={<Button onClick={() => void invoke('print.retry', {}).then(setView)}>{t('print.retry')}</Button>}
          style={{ marginBottom: 12 }}
          data-testid="print-blocked"
        />
      )}
      <Table
        size="small"
        rowKey="id"
        dataSource={view.jobs}
        pagination={false}
        columns={[
          { title: '#', dataIndex: 'id', width: 60 },
          { title: t('print.job'), render: (_v, j) => <span>{j.title}{j.reprintNo > 0 && <Tag color="orange" style={{ marginLeft: 8 }}>{t('print.reprintNo', { n: j.reprintNo })}</Tag>}{j.possibleDuplicate && <Tag color="red">{t('print.possibleDuplicate')}</Tag>}</span> },
          { title: t('print.state'), render: (_v, j) => <Tag color={COLOR[j.state]} data-testid={`job-state-${j.id}`}>{t(`print.states.${j.state}`)}</Tag> },
          { title: t('print.reason'), render: (_v, j) => (j.reason ? errText(j.reason) : '') },
          { title: t('print.time'), render: (_v, j) => dateTime(j.printedAt ?? j.updatedAt) },
          {
            title: '',
            render: (_v, j) => (
              <Space>
                <Button size="small" onClick={() => void invoke('print.preview', { jobId: j.id }).then((r) => setPreview(r.lines))}>
                  {t('print.preview')}
                </Button>
                {(j.state === 'printed' || j.state === 'failed') && (
                  <Button size="small" onClick={() => setReprintOf(j.id)} data-testid={`reprint-${j.id}`}>
                    {t('print.reprint')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {preview && (
        <Card size="small" title={t('print.preview')} style={{ marginTop: 12, maxWidth: 520 }} extra={<Button size="small" onClick={() => setPreview(null)}>×</Button>}>
          <pre className="receipt-preview" data-testid="print-preview">{preview.join('\n')}</pre>
        </Card>
      )}
      <ApprovalDialog
        open={reprintOf !== null}
        title={t('print.reprintTitle')}
        explanation={t('print.reprintText')}
        error={error}
        onCancel={() => {
          setReprintOf(null);
          setError(null);
        }}
        onApprove={(v) =>
          invoke('print.reprint', { jobId: reprintOf!, approval: { staffNo: v.staffNo, secret: v.secret } })
            .then(() => {
              setReprintOf(null);
              setError(null);
              load();
            })
            .catch((e: unknown) => setError(errText(e)))
        }
      />
    </div>
  );
}
