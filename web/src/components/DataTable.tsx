import {
  flexRender, getCoreRowModel, getSortedRowModel, useReactTable,
  type ColumnDef, type OnChangeFn, type Row, type SortingState,
} from '@tanstack/react-table';
import { useState, type HTMLAttributes } from 'react';
import { useI18n } from '../i18n/I18nContext';

export interface DataTableProps<T> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  data: T[];
  /** Server-side sorting: the caller owns the state and re-queries. */
  sorting?: SortingState;
  onSortingChange?: OnChangeFn<SortingState>;
  /** Client-side sorting when no `sorting` is given (default on). */
  clientSort?: boolean;
  /** Initial client-side sort. */
  initialSorting?: SortingState;
  onRowClick?: (row: T) => void;
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | number | undefined>;
  rowClassName?: (row: T) => string | undefined;
  emptyText?: string;
  testId?: string;
  dense?: boolean;
}

/** A dense, sortable table over @tanstack/react-table. */
export function DataTable<T>({
  columns, data, sorting, onSortingChange, clientSort = true, initialSorting, onRowClick, rowProps, rowClassName, emptyText, testId, dense = true,
}: DataTableProps<T>) {
  const { t } = useI18n();
  const [localSorting, setLocalSorting] = useState<SortingState>(initialSorting ?? []);
  const manual = sorting !== undefined;
  const table = useReactTable<T>({
    data,
    columns,
    state: { sorting: manual ? sorting : localSorting },
    onSortingChange: manual ? onSortingChange : setLocalSorting,
    manualSorting: manual || !clientSort,
    enableSortingRemoval: false,
    getCoreRowModel: getCoreRowModel(),
    ...(manual || !clientSort ? {} : { getSortedRowModel: getSortedRowModel() }),
  });

  const clickable = Boolean(onRowClick);
  const activate = (row: Row<T>) => onRowClick?.(row.original);

  return (
    <div className="table-wrap">
      <table className={dense ? 'table dense' : 'table'} data-testid={testId}>
        <thead>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => {
                const canSort = h.column.getCanSort();
                const dir = h.column.getIsSorted();
                const meta = h.column.columnDef.meta as { align?: 'right' } | undefined;
                return (
                  <th
                    key={h.id}
                    className={[canSort ? 'sortable' : '', meta?.align === 'right' ? 'num' : ''].join(' ').trim() || undefined}
                    aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : undefined}
                    onClick={canSort ? h.column.getToggleSortingHandler() : undefined}
                    data-testid={`th-${h.column.id}`}
                  >
                    {h.isPlaceholder ? null : flexRender(h.column.columnDef.header, h.getContext())}
                    {canSort && <span className="sort-mark">{dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : '↕'}</span>}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.length === 0 ? (
            <tr>
              <td className="empty" colSpan={columns.length}>
                {emptyText ?? t('common.empty')}
              </td>
            </tr>
          ) : (
            table.getRowModel().rows.map((row) => (
              <tr
                key={row.id}
                className={[clickable ? 'clickable' : '', rowClassName?.(row.original) ?? ''].join(' ').trim() || undefined}
                onClick={clickable ? () => activate(row) : undefined}
                onKeyDown={clickable ? (e) => e.key === 'Enter' && activate(row) : undefined}
                tabIndex={clickable ? 0 : undefined}
                {...rowProps?.(row.original)}
              >
                {row.getVisibleCells().map((cell) => {
                  const meta = cell.column.columnDef.meta as { align?: 'right' } | undefined;
                  return (
                    <td key={cell.id} className={meta?.align === 'right' ? 'num' : undefined}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
